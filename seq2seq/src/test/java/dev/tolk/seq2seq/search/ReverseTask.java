package dev.tolk.seq2seq.search;

import dev.tolk.core.Adam;
import dev.tolk.core.CellType;
import dev.tolk.core.GradientClipper;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.DecoderType;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Joey NMT's reverse task for search tests: sequences of 3 to 7 of 10 symbols are to be written backwards. A small
 * attention model learns it in a few hundred updates.
 */
final class ReverseTask {
    static final int SYMBOLS = 10;
    static final int VOCAB = Vocabulary.SPECIALS.size() + SYMBOLS;
    static final ModelConfig CONFIG = new ModelConfig(
            CellType.GRU,
            AttentionType.BAHDANAU,
            true,
            1,
            16,
            32,
            0.0,
            0.0,
            0.0,
            false,
            0.0,
            DecoderType.BAHDANAU,
            false,
            1,
            1,
            false);

    private ReverseTask() {}

    /** A model initialised with {@code seed} and trained for {@code steps} updates (batches from {@code seed}). */
    static Seq2SeqModel train(long seed, int steps) {
        Seq2SeqModel model = new Seq2SeqModel(CONFIG, VOCAB, VOCAB, seed);
        Adam adam = new Adam(model.parameters(), 1e-2f);
        GradientClipper clip = new GradientClipper(1.0);
        SplittableRandom rnd = new SplittableRandom(seed + 100);
        for (int step = 1; step <= steps; step++) {
            adam.zeroGrad();
            model.trainStep(batch(rnd, 32), step);
            clip.clip(model.parameters());
            adam.step();
        }
        return model;
    }

    /** A second model object with the same weights. */
    static Seq2SeqModel copy(Seq2SeqModel m) {
        Seq2SeqModel c = new Seq2SeqModel(CONFIG, VOCAB, VOCAB, 0);
        c.importWeights(m.exportWeights());
        return c;
    }

    /** {@code count} unseen test sources, each ending with {@code </s>}. */
    static List<int[]> sources(int count) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(withEos(sequence(new SplittableRandom(1000 + i))));
        }
        return out;
    }

    /** The expected output of a source (without {@code </s>}). */
    static int[] expected(int[] source) {
        return reversed(Arrays.copyOf(source, source.length - 1));
    }

    /** How many outputs are exactly the reversed source. */
    static int exact(List<int[]> sources, List<int[]> outputs) {
        int n = 0;
        for (int i = 0; i < sources.size(); i++) {
            if (Arrays.equals(expected(sources.get(i)), outputs.get(i))) {
                n++;
            }
        }
        return n;
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

    static int[] withEos(int[] s) {
        int[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length] = Vocabulary.EOS_ID;
        return out;
    }

    static int[] reversed(int[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }
}
