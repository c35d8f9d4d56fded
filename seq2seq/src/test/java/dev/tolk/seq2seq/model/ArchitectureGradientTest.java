package dev.tolk.seq2seq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Adam;
import dev.tolk.core.CellType;
import dev.tolk.core.DeepTransitionCell;
import dev.tolk.core.Gemm;
import dev.tolk.core.GradientChecker;
import dev.tolk.core.GradientClipper;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.DecoderType;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Nematus/Marian architecture options of issue 18 through the whole model: the conditional GRU decoder, layer
 * normalisation in every cell, deep transition in encoder and decoder, residual connections between stacked
 * layers. Finite differences check the hand-written backward pass of each, alone and combined; decoding one step
 * at a time scores a reference exactly as teacher forcing does.
 */
class ArchitectureGradientTest {

    static ModelConfig config(
            CellType cell,
            AttentionType attention,
            int layers,
            boolean tied,
            double dropout,
            DecoderType decoder,
            boolean layerNorm,
            int encDepth,
            int decDepth,
            boolean residual) {
        return new ModelConfig(
                cell, attention, true, layers, 5, 4, dropout, dropout, dropout, tied, 0.1, decoder, layerNorm, encDepth,
                decDepth, residual);
    }

    @ParameterizedTest(name = "{0} {1} layers={2} tied={3} dropout={4} {5} ln={6} enc={7} dec={8} residual={9}")
    @CsvSource({
        "GRU, BAHDANAU, 1, false, 0.0, CGRU, false, 1, 1, false",
        "GRU, BAHDANAU, 2, true, 0.2, CGRU, false, 1, 1, false",
        "GRU, BAHDANAU, 1, false, 0.0, BAHDANAU, true, 1, 1, false",
        "GRU, BAHDANAU, 1, false, 0.0, BAHDANAU, false, 2, 3, false",
        "GRU, BAHDANAU, 3, false, 0.2, BAHDANAU, false, 1, 1, true",
        "GRU, NONE, 2, false, 0.0, BAHDANAU, true, 2, 2, true",
        "LSTM, BAHDANAU, 1, false, 0.0, CGRU, true, 1, 2, false",
        "GRU, BAHDANAU, 2, false, 0.2, CGRU, true, 2, 2, true",
    })
    void wholeModelGradientMatchesFiniteDifferences(
            CellType cell,
            AttentionType attention,
            int layers,
            boolean tied,
            double dropout,
            DecoderType decoder,
            boolean layerNorm,
            int encDepth,
            int decDepth,
            boolean residual) {
        ModelConfig c =
                config(cell, attention, layers, tied, dropout, decoder, layerNorm, encDepth, decDepth, residual);
        Seq2SeqModel model = new Seq2SeqModel(c, 9, 9, 3);
        TokenBatch batch = Seq2SeqModelGradientTest.tinyBatch();
        // layer normalisation over four features curves the loss: a smaller step than the plain model's 1e-2
        double epsilon = layerNorm ? 3e-3 : 1e-2;
        GradientChecker.Report report = new GradientChecker(epsilon, 2e-2, 2e-3, 60, 99L)
                .check(
                        () -> model.trainingLoss(batch, 7),
                        () -> model.trainStep(batch, 7),
                        Seq2SeqModelGradientTest.targets(model.parameters()));
        report.assertPassed();
        assertTrue(report.checked() > 200, "checked " + report.checked());
    }

    @Test
    void theArchitectureShowsInTheParameters() {
        Seq2SeqModel m = new Seq2SeqModel(
                config(CellType.GRU, AttentionType.BAHDANAU, 2, false, 0.0, DecoderType.CGRU, true, 2, 3, true),
                9,
                9,
                1);
        List<String> names = m.parameters().stream().map(p -> p.name()).collect(Collectors.toList());
        assertTrue(names.contains("decoder.gru1.wx"), names.toString());
        assertTrue(names.contains("decoder.gru1.ln_h.gain"), names.toString());
        assertTrue(names.contains("decoder.cell0.transition3.wh"), names.toString());
        assertTrue(names.contains("encoder.rnn1.l0.bwd.transition2.bhn"), names.toString());
        assertTrue(names.contains("encoder.rnn0.l0.fwd.ln_x.bias"), names.toString());
        assertTrue(m.decoder().cell(0) instanceof DeepTransitionCell);
        assertEquals(3, ((DeepTransitionCell) m.decoder().cell(0)).depth());
        // cGRU's second GRU reads the context alone: C = 2H
        assertEquals(8, m.decoder().cell(0).inputSize());
        assertEquals(4, m.decoder().cell(1).inputSize());
    }

    /**
     * Decoding one step at a time ({@link Decoder#begin}, {@link Decoder#step}) scores the reference as the
     * teacher-forced forward pass does (one product over all steps), for every new architecture.
     */
    @ParameterizedTest(name = "{0} {1} layers={2} {3} ln={4} dec={5} residual={6}")
    @CsvSource({
        "GRU, BAHDANAU, 1, CGRU, false, 1, false",
        "GRU, BAHDANAU, 2, CGRU, true, 2, true",
        "LSTM, BAHDANAU, 2, CGRU, false, 1, false",
        "GRU, BAHDANAU, 2, BAHDANAU, true, 3, true",
        "GRU, NONE, 3, BAHDANAU, true, 2, true",
    })
    void stepwiseDecodingScoresTheReferenceAsTeacherForcing(
            CellType cell,
            AttentionType attention,
            int layers,
            DecoderType decoder,
            boolean layerNorm,
            int decDepth,
            boolean residual) {
        Seq2SeqModel model = new Seq2SeqModel(
                config(cell, attention, layers, false, 0.2, decoder, layerNorm, 2, decDepth, residual), 9, 9, 4);
        model.trainStep(Seq2SeqModelGradientTest.tinyBatch(), 1); // any non-initial weights
        TokenBatch batch = Seq2SeqModelGradientTest.tinyBatch();
        double teacherForced = model.loss(batch).sum();
        Decoder d = model.decoder();
        Tensor memory = model.encode(batch.source(), batch.sourceSteps(), batch.size(), batch.sourceLengths());
        Tensor[] a = d.newStates(batch.size());
        Tensor[] next = d.newStates(batch.size());
        d.begin(memory, batch.sourceLengths(), null, model.finalFeatures(), a);
        Tensor logProbs = Tensor.zeros(batch.size(), 9);
        int[] prev = {Vocabulary.BOS_ID, Vocabulary.BOS_ID};
        double stepwise = 0;
        for (int t = 0; t < batch.targetSteps(); t++) {
            d.step(prev, a, next, logProbs);
            for (int b = 0; b < batch.size(); b++) {
                int y = batch.target()[t * batch.size() + b];
                if (y != Vocabulary.PAD_ID) {
                    stepwise -= logProbs.get(b, y);
                }
                prev[b] = y;
            }
            Tensor[] tmp = a;
            a = next;
            next = tmp;
        }
        assertEquals(teacherForced, stepwise, 1e-4 * Math.abs(teacherForced));
        assertTrue(teacherForced > 1, "loss " + teacherForced);
    }

    /**
     * The Nematus architecture trains to the same bits on one thread and on two (the encoder's directions
     * concurrently, products, gate loops and softmax rows split), as the plain model does.
     */
    @Tag("determinism")
    @Test
    void nematusArchitectureTrainsToTheSameBitsOnOneAndTwoThreads() {
        ModelConfig c = new ModelConfig(
                CellType.GRU,
                AttentionType.BAHDANAU,
                true,
                2,
                48,
                128,
                0.2,
                0.2,
                0.2,
                true,
                0.1,
                DecoderType.CGRU,
                true,
                2,
                2,
                true);
        SplittableRandom rnd = new SplittableRandom(2);
        int steps = 10;
        int batch = 32;
        int vocab = 400;
        int[] src = new int[steps * batch];
        int[] tgt = new int[steps * batch];
        for (int i = 0; i < src.length; i++) {
            src[i] = 4 + rnd.nextInt(vocab - 4);
            tgt[i] = 4 + rnd.nextInt(vocab - 4);
        }
        int[] lengths = new int[batch];
        Arrays.fill(lengths, steps);
        lengths[3] = 4;
        TokenBatch b = new TokenBatch(src, steps, lengths, tgt, steps, batch);
        Gemm gemm = Gemm.get();
        int before = gemm.threads();
        List<List<NamedTensor>> weights = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                gemm.setThreads(threads);
                Seq2SeqModel m = new Seq2SeqModel(c, vocab, vocab, 11);
                Adam adam = new Adam(m.parameters(), 1e-3f);
                GradientClipper clip = new GradientClipper(1.0);
                double loss = 0;
                for (int step = 1; step <= 2; step++) {
                    adam.zeroGrad();
                    loss = m.trainStep(b, step).sum();
                    clip.clip(m.parameters());
                    adam.step();
                }
                losses.add(loss);
                weights.add(m.exportWeights());
            }
        } finally {
            gemm.setThreads(before);
        }
        assertEquals(losses.get(0), losses.get(1), 0.0);
        assertEquals(weights.get(0), weights.get(1));
    }
}
