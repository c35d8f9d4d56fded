package dev.tolk.seq2seq.search;

import dev.tolk.core.ComputeThreads;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Batched beam search with GNMT length normalisation (Wu et al. 2016, eq. 14). Every sentence of a batch keeps
 * {@code K} live hypotheses in rows {@code [b·K, b·K + K)} of the decoder (its memory and final features are
 * repeated K times). Per step and sentence, the {@code 2K} best extensions by raw log-probability
 * {@code log P(y_{≤t}|x)} are ranked (ties: lower beam, then lower id); those ending in {@code </s>} become finished
 * hypotheses scored {@code log P / ((5 + |y|)/6)^α}, the best K others stay live (their decoder states are gathered
 * with {@code RnnCell.selectRows}). A sentence stops when it has K finished hypotheses or reaches its length limit
 * {@code ⌊ratio · |x|⌋ + 10} (live hypotheses then count as finished). The n best finished hypotheses are returned,
 * best first. A sentence's result depends only on its own rows, never on the rest of the batch. Decodes with one
 * model or an {@link Ensemble} (any {@link StepDecoder}). Not thread-safe.
 */
public final class BeamSearch {
    /** Log-probabilities ({@code N·V}) at least this many for the sentences' scans to be split over threads. */
    private static final long PARALLEL_MIN = 1 << 16;

    private final StepDecoder model;
    private final int beam;
    private final double alpha;
    private final double maxLengthRatio;
    private final int nbest;
    private final boolean keepAttention;

    /** As {@link #BeamSearch(Seq2SeqModel, int, double, double, int, boolean)} without keeping attention weights. */
    public BeamSearch(Seq2SeqModel model, int beamSize, double lengthPenalty, double maxLengthRatio, int nbest) {
        this(model, beamSize, lengthPenalty, maxLengthRatio, nbest, false);
    }

    /**
     * @param model the model
     * @param beamSize K ≥ 1
     * @param lengthPenalty α ≥ 0
     * @param maxLengthRatio output limit as a multiple of the input length (plus 10)
     * @param nbest hypotheses returned per sentence, in [1, K]
     * @param keepAttention keep each output's attention weights in {@link Candidate#attention()}
     */
    public BeamSearch(
            Seq2SeqModel model,
            int beamSize,
            double lengthPenalty,
            double maxLengthRatio,
            int nbest,
            boolean keepAttention) {
        this(new ModelDecoder(model), beamSize, lengthPenalty, maxLengthRatio, nbest, keepAttention);
    }

    /**
     * @param model the model or ensemble
     * @param beamSize K ≥ 1
     * @param lengthPenalty α ≥ 0
     * @param maxLengthRatio output limit as a multiple of the input length (plus 10)
     * @param nbest hypotheses returned per sentence, in [1, K]
     * @param keepAttention keep each output's attention weights in {@link Candidate#attention()}
     */
    public BeamSearch(
            StepDecoder model,
            int beamSize,
            double lengthPenalty,
            double maxLengthRatio,
            int nbest,
            boolean keepAttention) {
        if (beamSize < 1 || nbest < 1 || nbest > beamSize) {
            throw new IllegalArgumentException("BeamSearch: need beam size >= 1 and nbest in [1, beam size], got beam "
                    + beamSize + ", nbest " + nbest);
        }
        this.model = model;
        this.beam = beamSize;
        this.alpha = lengthPenalty;
        this.maxLengthRatio = maxLengthRatio;
        this.nbest = nbest;
        this.keepAttention = keepAttention;
    }

    /** The n-best candidates of each source, best first. */
    public List<List<Candidate>> search(SourceBatch src) {
        int b = src.size();
        int k = beam;
        int n = b * k;
        StepDecoder decoder = model;
        int[] expand = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            expand[i] = i / k;
            lengths[i] = src.lengths()[i / k];
        }
        decoder.start(src, expand);

        int[] limit = new int[b];
        int longest = 0;
        for (int i = 0; i < b; i++) {
            limit[i] = src.maxOutput(i, maxLengthRatio);
            longest = Math.max(longest, limit[i]);
        }
        int v = decoder.vocabularySize();
        Tensor logProbs = LogProbBuffer.of(n, v); // written by every step before it is read
        int[] prev = new int[n];
        Arrays.fill(prev, Vocabulary.BOS_ID);
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            score[i] = i % k == 0 ? 0 : Double.NEGATIVE_INFINITY;
        }
        int[][] hist = new int[n][longest];
        int[][] histAlign = new int[n][longest];
        int[][] newHist = new int[n][longest];
        int[][] newAlign = new int[n][longest];
        double[] newScore = new double[n];
        boolean keep = keepAttention && decoder.attentive();
        float[][][] histAtt = keep ? new float[n][longest][] : null;
        float[][][] newAtt = keep ? new float[n][longest][] : null;
        int[] parents = new int[n];
        List<List<Candidate>> finished = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            finished.add(new ArrayList<>());
        }
        boolean[] done = new boolean[b];
        int remaining = b;
        // each sentence's 2K best extensions, found for all sentences first (split over the compute threads when
        // there are many log-probabilities: each sentence's scan is independent), then used in sentence order
        int[] found = new int[b];
        int[][] topRows = new int[b][2 * k];
        int[][] topIds = new int[b][2 * k];
        double[][] topScores = new double[b][2 * k];
        float[][] rowBufs = new float[ComputeThreads.partsFor(b, (long) n * v, PARALLEL_MIN)][v];
        for (int t = 0; t < longest && remaining > 0; t++) {
            decoder.step(prev, logProbs);
            Tensor att = decoder.lastAttention();
            FloatBuffer lb = logProbs.buffer();
            int offset = logProbs.offset();
            double[] scoreNow = score;
            ComputeThreads.shared().forRows(b, (long) n * v, PARALLEL_MIN, (part, from, to) -> {
                for (int s = from; s < to; s++) {
                    if (!done[s]) {
                        found[s] = top(
                                lb, offset, v, s * k, k, scoreNow, rowBufs[part], topRows[s], topIds[s], topScores[s]);
                    }
                }
            });
            for (int s = 0; s < b; s++) {
                int base = s * k;
                if (done[s]) {
                    for (int j = 0; j < k; j++) {
                        parents[base + j] = base + j;
                        newScore[base + j] = Double.NEGATIVE_INFINITY;
                        prev[base + j] = Vocabulary.PAD_ID;
                    }
                    continue;
                }
                int m = found[s];
                int[] topRow = topRows[s];
                int[] topId = topIds[s];
                double[] topScore = topScores[s];
                int live = 0;
                for (int r = 0; r < m && live < k; r++) {
                    int row = topRow[r];
                    int id = topId[r];
                    if (id == Vocabulary.EOS_ID) {
                        if (r < k) {
                            int len = t;
                            finished.get(s)
                                    .add(new Candidate(
                                            Arrays.copyOf(hist[row], len),
                                            topScore[r] / Candidate.lengthPenalty(len + 1, alpha),
                                            topScore[r],
                                            Arrays.copyOf(histAlign[row], len),
                                            keep ? Arrays.copyOf(histAtt[row], len) : null));
                        }
                        continue;
                    }
                    int dst = base + live;
                    parents[dst] = row;
                    System.arraycopy(hist[row], 0, newHist[dst], 0, t);
                    System.arraycopy(histAlign[row], 0, newAlign[dst], 0, t);
                    newHist[dst][t] = id;
                    newAlign[dst][t] = att == null ? -1 : GreedySearch.argmax(att, row, lengths[row]);
                    if (keep) {
                        System.arraycopy(histAtt[row], 0, newAtt[dst], 0, t);
                        newAtt[dst][t] = GreedySearch.row(att, row, lengths[row]);
                    }
                    newScore[dst] = topScore[r];
                    prev[dst] = id;
                    live++;
                }
                for (int j = live; j < k; j++) {
                    parents[base + j] = base;
                    newScore[base + j] = Double.NEGATIVE_INFINITY;
                    prev[base + j] = Vocabulary.PAD_ID;
                }
                boolean atLimit = t + 1 >= limit[s];
                if (finished.get(s).size() >= k || live == 0 || atLimit) {
                    if (atLimit || finished.get(s).isEmpty()) {
                        for (int j = 0; j < live; j++) {
                            int row = base + j;
                            finished.get(s)
                                    .add(new Candidate(
                                            Arrays.copyOf(newHist[row], t + 1),
                                            newScore[row] / Candidate.lengthPenalty(t + 1, alpha),
                                            newScore[row],
                                            Arrays.copyOf(newAlign[row], t + 1),
                                            keep ? Arrays.copyOf(newAtt[row], t + 1) : null));
                        }
                    }
                    done[s] = true;
                    remaining--;
                }
            }
            decoder.advance(parents);
            int[][] th = hist;
            hist = newHist;
            newHist = th;
            int[][] ta = histAlign;
            histAlign = newAlign;
            newAlign = ta;
            if (keep) {
                float[][][] tw = histAtt;
                histAtt = newAtt;
                newAtt = tw;
            }
            double[] ts = score;
            score = newScore;
            newScore = ts;
        }
        List<List<Candidate>> out = new ArrayList<>(b);
        for (int s = 0; s < b; s++) {
            List<Candidate> f = new ArrayList<>(finished.get(s));
            f.sort(Comparator.comparingDouble(Candidate::score).reversed());
            out.add(List.copyOf(f.subList(0, Math.min(nbest, f.size()))));
        }
        return out;
    }

    /**
     * The (up to) 2K best extensions of sentence rows {@code [base, base + K)} by {@code score[row] + logP[row][id]},
     * sorted best first (ties: lower row, then lower id). Returns how many were found (rows with score −∞ are
     * skipped). {@code lp} is scratch of at least {@code v} floats. Reads only its arguments: sentences may be
     * scanned concurrently.
     */
    private static int top(
            FloatBuffer lb,
            int offset,
            int v,
            int base,
            int k,
            double[] score,
            float[] lp,
            int[] rows,
            int[] ids,
            double[] scores) {
        int cap = 2 * k;
        int m = 0;
        for (int j = 0; j < k; j++) {
            int row = base + j;
            double s0 = score[row];
            if (s0 == Double.NEGATIVE_INFINITY) {
                continue;
            }
            lb.get(offset + row * v, lp, 0, v); // one bulk copy instead of a checked buffer read per entry
            // the scan compares floats with the bar's float image (exactly equivalent to the double test
            // s0 + lp <= bar, see cut), and only an entry above it costs more than a load and a compare
            float cut = m == cap ? cut(s0, scores[m - 1]) : Float.NaN;
            for (int id = 0; ; id++) {
                while (id < v && lp[id] <= cut) {
                    id++;
                }
                if (id == v) {
                    break;
                }
                if (id == Vocabulary.PAD_ID || id == Vocabulary.BOS_ID) {
                    continue;
                }
                double s = s0 + lp[id];
                if (m == cap && s <= scores[m - 1]) {
                    continue;
                }
                int pos = m == cap ? m - 1 : m++;
                while (pos > 0 && scores[pos - 1] < s) {
                    scores[pos] = scores[pos - 1];
                    rows[pos] = rows[pos - 1];
                    ids[pos] = ids[pos - 1];
                    pos--;
                }
                scores[pos] = s;
                rows[pos] = row;
                ids[pos] = id;
                if (m == cap) {
                    cut = cut(s0, scores[m - 1]);
                }
            }
        }
        return m;
    }

    /**
     * The largest float {@code f} with {@code s0 + f ≤ bar} in double arithmetic ({@code s0}, {@code bar} finite):
     * since {@code s0 + x} is monotonic in {@code x} even when rounded, {@code lp ≤ f} holds exactly when
     * {@code s0 + lp ≤ bar} does, for every float {@code lp}.
     */
    static float cut(double s0, double bar) {
        float f = (float) (bar - s0);
        while (s0 + f > bar) {
            f = Math.nextDown(f);
        }
        while (s0 + Math.nextUp(f) <= bar) {
            f = Math.nextUp(f);
        }
        return f;
    }
}
