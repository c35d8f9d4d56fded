package dev.tolk.seq2seq.search;

/**
 * One output of a search: the target ids (without {@code </s>}), the score, and per output id the source position
 * that received the most attention (−1 without attention).
 *
 * @param ids target ids, {@code </s>} excluded
 * @param score the length-normalised log-probability {@code log P(y|x) / lp(|y|)}, GNMT's
 *     {@code lp(n) = ((5 + n) / 6)^α} with {@code n} counting {@code </s>}; higher is better
 * @param logProbability the raw {@code log P(y|x)}
 * @param alignment per id, the argmax of the attention over source positions, or −1
 * @param attention per id, the attention weights over the source positions ({@code </s>} included), or null when
 *     not kept (or without attention)
 */
public record Candidate(int[] ids, double score, double logProbability, int[] alignment, float[][] attention) {

    /**
     * The same output in reverse order (ids, alignment and attention rows; scores unchanged): a right-to-left
     * model's output in reading order.
     */
    public Candidate reversed() {
        int n = ids.length;
        int[] r = new int[n];
        int[] al = new int[n];
        float[][] att = attention == null ? null : new float[n][];
        for (int i = 0; i < n; i++) {
            r[i] = ids[n - 1 - i];
            al[i] = alignment[n - 1 - i];
            if (att != null) {
                att[i] = attention[n - 1 - i];
            }
        }
        return new Candidate(r, score, logProbability, al, att);
    }

    /** GNMT length penalty {@code ((5 + n) / 6)^α} (Wu et al. 2016, eq. 14). */
    public static double lengthPenalty(int length, double alpha) {
        return alpha == 0 ? 1.0 : Math.pow((5.0 + length) / 6.0, alpha);
    }
}
