package dev.tolk.seq2seq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.core.CellType;
import dev.tolk.core.GradientChecker;
import dev.tolk.core.Parameter;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.store.NamedTensor;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference check of the whole model's hand-written backward pass (encoder, attention or fixed context,
 * stacked decoder, dropout, tied output layer, label-smoothed loss with padding) on tiny configurations.
 */
class Seq2SeqModelGradientTest {

    /** Two sentences of different lengths (padding on both sides). Vocabulary of 9 ids, 0 = pad. */
    static TokenBatch tinyBatch() {
        // source [S=4, B=2]: sentence 0 has 4 tokens, sentence 1 has 2
        int[] src = {5, 6, 7, 8, 4, 0, 6, 0};
        // target [T=3, B=2]: sentence 0: 6 7 </s>; sentence 1: 5 </s> pad
        int[] tgt = {6, 5, 7, 3, 3, 0};
        return new TokenBatch(src, 4, new int[] {4, 2}, tgt, 3, 2);
    }

    static ModelConfig config(
            CellType cell, AttentionType attention, boolean bi, int layers, boolean tied, double dropout) {
        return new ModelConfig(cell, attention, bi, layers, 5, 4, dropout, dropout, dropout, tied, 0.1);
    }

    @ParameterizedTest(name = "{0} {1} bi={2} layers={3} tied={4} dropout={5}")
    @CsvSource({
        "GRU, BAHDANAU, true, 1, false, 0.0",
        "GRU, BAHDANAU, true, 2, true, 0.3",
        "LSTM, BAHDANAU, true, 2, false, 0.2",
        "RNN, NONE, false, 1, false, 0.0",
        "GRU, NONE, true, 2, true, 0.25",
        "GRU, NONE, false, 1, false, 0.0",
        "LSTM, NONE, false, 2, false, 0.2",
    })
    void wholeModelGradientMatchesFiniteDifferences(
            CellType cell, AttentionType attention, boolean bi, int layers, boolean tied, double dropout) {
        Seq2SeqModel model = new Seq2SeqModel(config(cell, attention, bi, layers, tied, dropout), 9, 9, 3);
        TokenBatch batch = tinyBatch();
        List<Parameter> params = model.parameters();
        GradientChecker.Report report = new GradientChecker(1e-2, 2e-2, 2e-3, 60, 99L)
                .check(() -> model.trainingLoss(batch, 7), () -> model.trainStep(batch, 7), targets(params));
        report.assertPassed();
        org.junit.jupiter.api.Assertions.assertTrue(report.checked() > 200, "checked " + report.checked());
    }

    /**
     * Every parameter, except that the frozen {@code <pad>} rows of the embedding tables are left out: they never
     * receive gradient by design (with tied embeddings the row would otherwise feed the {@code <pad>} logit).
     */
    static List<GradientChecker.Target> targets(List<Parameter> params) {
        List<GradientChecker.Target> out = new java.util.ArrayList<>();
        for (Parameter p : params) {
            if (p.name().endsWith(".embedding.table")) {
                int rows = p.value().dim(0);
                out.add(new GradientChecker.Target(
                        p.name(), p.value().rows(1, rows - 1), p.grad().rows(1, rows - 1)));
            } else {
                out.add(new GradientChecker.Target(p.name(), p.value(), p.grad()));
            }
        }
        return out;
    }

    /**
     * Decoding one step at a time ({@link Decoder#begin}, {@link Decoder#step}: per-sentence context blocks without
     * attention) scores the reference exactly as the teacher-forced forward pass does (one product over all steps).
     */
    @ParameterizedTest(name = "{0} {1} layers={2} tied={3} dropout={4}")
    @CsvSource({
        "GRU, NONE, 1, false, 0.3",
        "GRU, NONE, 2, true, 0.0",
        "LSTM, NONE, 2, false, 0.0",
        "GRU, BAHDANAU, 1, false, 0.3",
    })
    void stepwiseDecodingScoresTheReferenceAsTeacherForcing(
            CellType cell, AttentionType attention, int layers, boolean tied, double dropout) {
        Seq2SeqModel model = new Seq2SeqModel(config(cell, attention, false, layers, tied, dropout), 9, 9, 4);
        model.trainStep(tinyBatch(), 1); // any non-initial weights
        TokenBatch batch = tinyBatch();
        double teacherForced = model.loss(batch).sum();
        Decoder decoder = model.decoder();
        Tensor memory = model.encode(batch.source(), batch.sourceSteps(), batch.size(), batch.sourceLengths());
        Tensor[] a = decoder.newStates(batch.size());
        Tensor[] next = decoder.newStates(batch.size());
        decoder.begin(memory, batch.sourceLengths(), null, model.finalFeatures(), a);
        Tensor logProbs = Tensor.zeros(batch.size(), 9);
        int[] prev = {dev.tolk.tokenizer.Vocabulary.BOS_ID, dev.tolk.tokenizer.Vocabulary.BOS_ID};
        double stepwise = 0;
        for (int t = 0; t < batch.targetSteps(); t++) {
            decoder.step(prev, a, next, logProbs);
            for (int b = 0; b < batch.size(); b++) {
                int y = batch.target()[t * batch.size() + b];
                if (y != dev.tolk.tokenizer.Vocabulary.PAD_ID) {
                    stepwise -= logProbs.get(b, y);
                }
                prev[b] = y;
            }
            Tensor[] tmp = a;
            a = next;
            next = tmp;
        }
        assertEquals(teacherForced, stepwise, 1e-4 * Math.abs(teacherForced));
        org.junit.jupiter.api.Assertions.assertTrue(teacherForced > 1, "loss " + teacherForced);
    }

    /**
     * Training is bit-for-bit the same on one thread and on two, with every split in use: products cut into blocks,
     * the encoder's directions concurrently, softmax, attention and gradient-norm rows over threads.
     */
    @Tag("determinism")
    @ParameterizedTest(name = "{0}")
    @CsvSource({"BAHDANAU", "NONE"})
    void trainingGivesTheSameBitsOnOneAndTwoThreads(AttentionType attention) {
        ModelConfig c = new ModelConfig(
                CellType.GRU,
                attention,
                true,
                1,
                48,
                128,
                0.2,
                0.0,
                attention == AttentionType.NONE ? 0.0 : 0.2,
                false,
                0.1); // no output dropout: Cho's per-sentence context path
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(2);
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
        java.util.Arrays.fill(lengths, steps);
        TokenBatch b = new TokenBatch(src, steps, lengths, tgt, steps, batch);
        dev.tolk.core.Gemm gemm = dev.tolk.core.Gemm.get();
        int before = gemm.threads();
        List<List<NamedTensor>> weights = new java.util.ArrayList<>();
        List<Double> losses = new java.util.ArrayList<>();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                gemm.setThreads(threads);
                Seq2SeqModel m = new Seq2SeqModel(c, vocab, vocab, 11);
                dev.tolk.core.Adam adam = new dev.tolk.core.Adam(m.parameters(), 1e-3f);
                dev.tolk.core.GradientClipper clip = new dev.tolk.core.GradientClipper(1.0);
                double loss = 0;
                for (int step = 1; step <= 3; step++) {
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

    @Test
    void weightsRoundTripByNameAndRejectMismatches() {
        ModelConfig c = config(CellType.GRU, AttentionType.BAHDANAU, true, 1, false, 0.0);
        Seq2SeqModel a = new Seq2SeqModel(c, 9, 9, 1);
        Seq2SeqModel b = new Seq2SeqModel(c, 9, 9, 2);
        assertNotEquals(a.exportWeights(), b.exportWeights());
        b.importWeights(a.exportWeights());
        assertEquals(a.exportWeights(), b.exportWeights());
        List<NamedTensor> missing =
                a.exportWeights().subList(1, a.exportWeights().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.importWeights(missing));
        assertEquals(
                "the weights lack tensor 'encoder.embedding.table' [9, 5]; the model file does not match its "
                        + "configuration",
                e.getMessage());
    }

    @Test
    void buffersGrowWithTheBatchShapeWithoutBlowingUp() {
        // batches alternately longer and wider, as length bucketing produces: every one exceeds a previous maximum
        Seq2SeqModel m = new Seq2SeqModel(config(CellType.GRU, AttentionType.BAHDANAU, true, 1, false, 0.1), 9, 9, 1);
        for (int i = 1; i <= 60; i++) {
            int t = i % 2 == 0 ? i + 1 : 2;
            int b = i % 2 == 0 ? 1 : i + 1;
            int[] src = new int[t * b];
            int[] tgt = new int[t * b];
            java.util.Arrays.fill(src, 5);
            java.util.Arrays.fill(tgt, 6);
            int[] lengths = new int[b];
            java.util.Arrays.fill(lengths, t);
            double loss =
                    m.trainStep(new TokenBatch(src, t, lengths, tgt, t, b), i).mean();
            org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(loss));
        }
        // the largest batch had 2 · 60 = 120 target positions; the buffers may exceed that by a quarter at most
        int rows = m.decoder().workspace().capRows;
        org.junit.jupiter.api.Assertions.assertTrue(
                rows >= 120 && rows <= 150, "decoder buffers hold " + rows + " rows");
    }

    @Test
    void sameSeedSameWeightsAndLoss() {
        ModelConfig c = config(CellType.GRU, AttentionType.BAHDANAU, true, 2, false, 0.3);
        Seq2SeqModel a = new Seq2SeqModel(c, 9, 9, 5);
        Seq2SeqModel b = new Seq2SeqModel(c, 9, 9, 5);
        assertEquals(a.exportWeights(), b.exportWeights());
        assertEquals(
                a.trainStep(tinyBatch(), 3).sum(), b.trainStep(tinyBatch(), 3).sum());
        assertNotEquals(a.trainingLoss(tinyBatch(), 3), a.trainingLoss(tinyBatch(), 4));
    }
}
