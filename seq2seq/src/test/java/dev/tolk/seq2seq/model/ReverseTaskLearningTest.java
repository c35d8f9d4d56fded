package dev.tolk.seq2seq.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Adam;
import dev.tolk.core.CellType;
import dev.tolk.core.GradientClipper;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.DecoderType;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.SourceBatch;
import dev.tolk.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse task of Joey NMT's tests, once per architecture of issue 18: sequences of 3 to 7 symbols are to be
 * written backwards. A small model trains for a few seconds, then greedy search must reverse most unseen
 * sequences exactly: each architecture's forward, backward and step-by-step decoding work together.
 */
class ReverseTaskLearningTest {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseTaskLearningTest.class);
    private static final int SYMBOLS = 10;
    private static final int VOCAB = Vocabulary.SPECIALS.size() + SYMBOLS;

    @ParameterizedTest(name = "{0} ln={1} enc={2} dec={3} layers={4} residual={5}")
    @CsvSource({
        "CGRU, false, 1, 1, 1, false",
        "BAHDANAU, true, 1, 1, 1, false",
        "BAHDANAU, false, 2, 2, 1, false",
        "BAHDANAU, false, 1, 1, 2, true",
        "CGRU, true, 2, 2, 2, true",
    })
    void learnsToReverse(
            DecoderType decoder, boolean layerNorm, int encDepth, int decDepth, int layers, boolean residual) {
        ModelConfig config = new ModelConfig(
                CellType.GRU,
                AttentionType.BAHDANAU,
                true,
                layers,
                16,
                32,
                0.0,
                0.0,
                0.0,
                false,
                0.0,
                decoder,
                layerNorm,
                encDepth,
                decDepth,
                residual);
        Seq2SeqModel model = new Seq2SeqModel(config, VOCAB, VOCAB, 7);
        Adam adam = new Adam(model.parameters(), 1e-2f);
        GradientClipper clip = new GradientClipper(1.0);
        SplittableRandom rnd = new SplittableRandom(11);
        double first = 0;
        double last = 0;
        for (int step = 1; step <= 400; step++) {
            adam.zeroGrad();
            double loss = model.trainStep(batch(rnd, 32), step).mean();
            clip.clip(model.parameters());
            adam.step();
            first = step == 1 ? loss : first;
            last = loss;
        }
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sources.add(withEos(sequence(new SplittableRandom(1000 + i))));
        }
        List<Candidate> out = new GreedySearch(model, 2.0, 0.0).search(SourceBatch.of(sources));
        int exact = 0;
        for (int i = 0; i < sources.size(); i++) {
            int[] src = sources.get(i);
            int[] expected = reversed(Arrays.copyOf(src, src.length - 1));
            if (Arrays.equals(expected, out.get(i).ids())) {
                exact++;
            }
        }
        LOG.info("{}: loss {} -> {}, {} of 100 reversed exactly", config, first, last, exact);
        assertTrue(last < 0.2 * first, "training loss " + first + " -> " + last);
        assertTrue(exact >= 80, exact + " of 100 unseen sequences reversed exactly");
    }

    private static TokenBatch batch(SplittableRandom rnd, int size) {
        List<int[]> src = new ArrayList<>();
        for (int b = 0; b < size; b++) {
            src.add(sequence(rnd));
        }
        int s = src.stream().mapToInt(a -> a.length + 1).max().orElseThrow();
        int[] source = new int[s * size];
        int[] target = new int[s * size];
        int[] lengths = new int[size];
        for (int b = 0; b < size; b++) {
            int[] x = withEos(src.get(b));
            int[] y = withEos(reversed(src.get(b)));
            lengths[b] = x.length;
            for (int t = 0; t < x.length; t++) {
                source[t * size + b] = x[t];
                target[t * size + b] = y[t];
            }
        }
        return new TokenBatch(source, s, lengths, target, s, size);
    }

    private static int[] sequence(SplittableRandom rnd) {
        int[] s = new int[3 + rnd.nextInt(5)];
        for (int i = 0; i < s.length; i++) {
            s[i] = Vocabulary.SPECIALS.size() + rnd.nextInt(SYMBOLS);
        }
        return s;
    }

    private static int[] withEos(int[] s) {
        int[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length] = Vocabulary.EOS_ID;
        return out;
    }

    private static int[] reversed(int[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }
}
