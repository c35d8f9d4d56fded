package dev.tolk.seq2seq.search;

import dev.tolk.core.ComputeThreads;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched greedy decoding: {@code y_t = argmax_v log P(v | y_{<t}, x)} for all sentences of a batch at once, until
 * {@code </s>} or the length limit {@code ⌊ratio · |x|⌋ + 10}; {@code <pad>} and {@code <s>} are never output. Each sentence's result depends only on its own
 * rows, so it does not depend on the batch it is decoded in. Ties go to the lowest id. Decodes with one model or an
 * {@link Ensemble} (any {@link StepDecoder}). Not thread-safe (uses the model's buffers).
 */
public final class GreedySearch {
    /** The first id above both {@code <pad>} and {@code <s>}. */
    private static final int FIRST_PLAIN = Math.max(Vocabulary.PAD_ID, Vocabulary.BOS_ID) + 1;

    private final StepDecoder model;
    private final double maxLengthRatio;
    private final double lengthPenalty;
    private final boolean keepAttention;

    /** As {@link #GreedySearch(Seq2SeqModel, double, double, boolean)} without keeping attention weights. */
    public GreedySearch(Seq2SeqModel model, double maxLengthRatio, double lengthPenalty) {
        this(model, maxLengthRatio, lengthPenalty, false);
    }

    /**
     * @param model the model
     * @param maxLengthRatio output limit as a multiple of the input length (plus 10)
     * @param lengthPenalty GNMT α used for the reported score
     * @param keepAttention keep each output's attention weights in {@link Candidate#attention()}
     */
    public GreedySearch(Seq2SeqModel model, double maxLengthRatio, double lengthPenalty, boolean keepAttention) {
        this(new ModelDecoder(model), maxLengthRatio, lengthPenalty, keepAttention);
    }

    /**
     * @param model the model or ensemble
     * @param maxLengthRatio output limit as a multiple of the input length (plus 10)
     * @param lengthPenalty GNMT α used for the reported score
     * @param keepAttention keep each output's attention weights in {@link Candidate#attention()}
     */
    public GreedySearch(StepDecoder model, double maxLengthRatio, double lengthPenalty, boolean keepAttention) {
        this.model = model;
        this.maxLengthRatio = maxLengthRatio;
        this.lengthPenalty = lengthPenalty;
        this.keepAttention = keepAttention;
    }

    /** Logits ({@code N·V}) at least this many for the arg-max of a step to be split over the compute threads. */
    private static final long PARALLEL_MIN = 1 << 16;

    /**
     * For rows {@code [from, to)} not done: the best id (never {@code <pad>} or {@code <s>}; {@code </s>} when all are
     * −∞) and its log-probability. Each row is read with one bulk copy into {@code row}.
     */
    private static void argmax(
            Tensor logProbs, boolean[] done, int from, int to, float[] row, int[] bestId, float[] bestLp) {
        int v = logProbs.colCount();
        FloatBuffer lb = logProbs.buffer();
        for (int i = from; i < to; i++) {
            if (done[i]) {
                continue;
            }
            lb.get(logProbs.offset() + i * v, row, 0, v);
            int best = Vocabulary.EOS_ID;
            float bestV = Float.NEGATIVE_INFINITY;
            // the ids below FIRST_PLAIN include <pad> and <s>, which are never chosen; above it, no check per id
            int k = 0;
            for (; k < Math.min(v, FIRST_PLAIN); k++) {
                if (k == Vocabulary.PAD_ID || k == Vocabulary.BOS_ID) {
                    continue;
                }
                float x = row[k];
                if (x > bestV) {
                    bestV = x;
                    best = k;
                }
            }
            for (; k < v; k++) {
                float x = row[k];
                if (x > bestV) {
                    bestV = x;
                    best = k;
                }
            }
            bestId[i] = best;
            bestLp[i] = bestV;
        }
    }

    /** One candidate per source, in order. */
    public List<Candidate> search(SourceBatch src) {
        int b = src.size();
        StepDecoder decoder = model;
        decoder.start(src, null);
        int[] limit = new int[b];
        int longest = 0;
        for (int i = 0; i < b; i++) {
            limit[i] = src.maxOutput(i, maxLengthRatio);
            longest = Math.max(longest, limit[i]);
        }
        int v = decoder.vocabularySize();
        Tensor logProbs = LogProbBuffer.of(b, v); // written by every step before it is read
        int[] prev = new int[b];
        java.util.Arrays.fill(prev, Vocabulary.BOS_ID);
        int[][] ids = new int[b][longest];
        int[][] align = new int[b][longest];
        float[][][] weights = keepAttention ? new float[b][longest][] : null;
        int[] len = new int[b];
        double[] logP = new double[b];
        boolean[] done = new boolean[b];
        boolean[] eos = new boolean[b];
        int remaining = b;
        // the arg-max of each row: rows split over the compute threads when there are many logits
        float[][] rowBuf = new float[ComputeThreads.partsFor(b, (long) b * v, PARALLEL_MIN)][v];
        int[] bestId = new int[b];
        float[] bestLp = new float[b];
        for (int t = 0; t < longest && remaining > 0; t++) {
            decoder.step(prev, logProbs);
            Tensor att = decoder.lastAttention();
            ComputeThreads.shared()
                    .forRows(
                            b,
                            (long) b * v,
                            PARALLEL_MIN,
                            (p, from, to) -> argmax(logProbs, done, from, to, rowBuf[p], bestId, bestLp));
            for (int i = 0; i < b; i++) {
                if (done[i]) {
                    prev[i] = Vocabulary.PAD_ID;
                    continue;
                }
                int best = bestId[i];
                float bestV = bestLp[i];
                logP[i] += bestV;
                prev[i] = best;
                if (best == Vocabulary.EOS_ID) {
                    done[i] = true;
                    eos[i] = true;
                    remaining--;
                    continue;
                }
                ids[i][len[i]] = best;
                align[i][len[i]] = att == null ? -1 : argmax(att, i, src.lengths()[i]);
                if (weights != null && att != null) {
                    weights[i][len[i]] = row(att, i, src.lengths()[i]);
                }
                len[i]++;
                if (len[i] >= limit[i]) {
                    done[i] = true;
                    remaining--;
                }
            }
            decoder.advance(null);
        }
        List<Candidate> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            int words = len[i];
            int n = words + (eos[i] ? 1 : 0);
            out.add(new Candidate(
                    java.util.Arrays.copyOf(ids[i], words),
                    logP[i] / Candidate.lengthPenalty(n, lengthPenalty),
                    logP[i],
                    java.util.Arrays.copyOf(align[i], words),
                    weights == null || decoder.lastAttention() == null
                            ? null
                            : java.util.Arrays.copyOf(weights[i], words)));
        }
        return out;
    }

    /** The first {@code length} weights of row {@code i} of {@code att: [N, S]}, copied. */
    static float[] row(Tensor att, int i, int length) {
        float[] out = new float[length];
        att.buffer().get(att.offset() + i * att.colCount(), out, 0, length);
        return out;
    }

    /** The source position with the largest weight in row {@code i} of {@code att: [N, S]} (first of ties). */
    static int argmax(Tensor att, int i, int length) {
        int s = att.colCount();
        FloatBuffer b = att.buffer();
        int base = att.offset() + i * s;
        int best = 0;
        float bv = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < length; j++) {
            float x = b.get(base + j);
            if (x > bv) {
                bv = x;
                best = j;
            }
        }
        return best;
    }
}
