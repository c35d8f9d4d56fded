package dev.tolk.seq2seq.search;

import dev.tolk.core.Tensor;
import dev.tolk.tokenizer.Vocabulary;
import java.util.Arrays;
import java.util.List;

/**
 * The log-probability a model (or {@link Ensemble}) gives to given outputs: forced decoding, i.e. the search's own
 * step-by-step decoding fed the hypothesis instead of its own choices,
 *
 * <pre>
 *   log P(y | x) = Σ_{t=1..|y|+1} log p(y_t | y_{&lt;t}, x),      y_{|y|+1} = &lt;/s&gt;
 * </pre>
 * summed in double in position order, exactly as {@link BeamSearch} and {@link GreedySearch} accumulate their raw
 * scores ({@link Candidate#logProbability()}): for a hypothesis the search found, in the same batch layout, the
 * value is the same bit for bit (greedy: one row per source; beam search lays out K rows per source, which changes
 * the products' row count and so possibly the last bits). Used to rescore n-best lists with another model, e.g.
 * one trained right to left. Rows are independent of each other. Not thread-safe.
 */
public final class ForcedDecoding {
    private final StepDecoder model;

    /** Scores with {@code model}. */
    public ForcedDecoding(StepDecoder model) {
        this.model = model;
    }

    /**
     * {@code log P(y_i + </s> | x_{rowSource[i]})} for every target {@code y_i}.
     *
     * @param src the encoded sources
     * @param rowSource for each target, the index of its source in {@code src}; null = target {@code i} translates
     *     source {@code i}
     * @param targets target ids without {@code </s>} (and without {@code <pad>} or {@code <s>})
     * @return the raw log-probabilities, one per target, in order
     */
    public double[] score(SourceBatch src, int[] rowSource, List<int[]> targets) {
        int n = rowSource == null ? src.size() : rowSource.length;
        if (targets.size() != n) {
            throw new IllegalArgumentException(
                    "ForcedDecoding: " + targets.size() + " targets for " + n + " rows (one target per row)");
        }
        int longest = 0;
        for (int[] y : targets) {
            longest = Math.max(longest, y.length);
        }
        model.start(src, rowSource);
        Tensor logProbs = LogProbBuffer.of(n, model.vocabularySize()); // written by every step before it is read
        int[] prev = new int[n];
        Arrays.fill(prev, Vocabulary.BOS_ID);
        double[] logP = new double[n];
        for (int t = 0; t <= longest; t++) {
            model.step(prev, logProbs);
            for (int i = 0; i < n; i++) {
                int[] y = targets.get(i);
                if (t > y.length) {
                    prev[i] = Vocabulary.PAD_ID;
                    continue;
                }
                int id = t < y.length ? y[t] : Vocabulary.EOS_ID;
                logP[i] += logProbs.get(i, id);
                prev[i] = t < y.length ? id : Vocabulary.PAD_ID;
            }
            model.advance(null);
        }
        return logP;
    }
}
