package dev.tolk.eval;

import java.util.List;
import java.util.Objects;

/**
 * A BLEU score with everything needed to check it, as sacreBLEU's {@code BLEUScore}.
 *
 * @param score BLEU on a 0–100 scale
 * @param counts matched (clipped) n-grams per order 1..N, summed over segments, before add-k smoothing
 * @param totals hypothesis n-grams per order, summed over segments, before add-k smoothing
 * @param precisions n-gram precisions per order in percent, after smoothing; 0 for orders past a stop
 * @param bp brevity penalty
 * @param sysLen hypothesis length in tokens
 * @param refLen reference length (closest reference per segment, ties to the shorter)
 * @param smoothedCounts counts as used for the precisions: with add-k, k added to orders ≥ 2 (as sacreBLEU,
 *     which modifies counts and totals in place); otherwise equal to {@code counts}
 * @param smoothedTotals totals as used for the precisions (see {@code smoothedCounts})
 * @param signature how the score was computed
 */
public record BleuScore(
        double score,
        List<Long> counts,
        List<Long> totals,
        List<Double> precisions,
        double bp,
        long sysLen,
        long refLen,
        List<Double> smoothedCounts,
        List<Double> smoothedTotals,
        Signature signature) {

    /** Copies the lists and checks that all have one entry per order. */
    public BleuScore {
        counts = List.copyOf(counts);
        totals = List.copyOf(totals);
        precisions = List.copyOf(precisions);
        smoothedCounts = List.copyOf(smoothedCounts);
        smoothedTotals = List.copyOf(smoothedTotals);
        Objects.requireNonNull(signature, "signature");
        int n = counts.size();
        if (totals.size() != n || precisions.size() != n || smoothedCounts.size() != n || smoothedTotals.size() != n) {
            throw new IllegalArgumentException("BleuScore: counts, totals, precisions and smoothed lists must all have "
                    + "one entry per n-gram order");
        }
    }

    /** {@code sysLen / refLen}, 0 when {@code refLen} is 0 (as sacreBLEU). */
    public double ratio() {
        return refLen == 0 ? 0.0 : (double) sysLen / refLen;
    }

    /** The maximum n-gram order N. */
    public int maxNgramOrder() {
        return counts.size();
    }

    /**
     * sacreBLEU's text line, e.g. {@code BLEU|nrefs:1|...|version:tolk-0.1.0 = 48.53 82.4/50.0/45.5/37.5 (BP =
     * 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}, numbers rounded as Python does.
     */
    public String format() {
        return "BLEU|" + signature.format() + " = " + PythonFloatFormat.fixed(score, 2) + " " + verbose();
    }

    /** The score with two decimals, rounded as sacreBLEU prints it (Python's {@code f"{score:.2f}"}). */
    public String formatScore() {
        return PythonFloatFormat.fixed(score, 2);
    }

    /** The part after the score: precisions, BP, ratio and lengths, as sacreBLEU's {@code verbose_score}. */
    public String verbose() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < precisions.size(); i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(PythonFloatFormat.fixed(precisions.get(i), 1));
        }
        b.append(" (BP = ")
                .append(PythonFloatFormat.fixed(bp, 3))
                .append(" ratio = ")
                .append(PythonFloatFormat.fixed(ratio(), 3))
                .append(" hyp_len = ")
                .append(sysLen)
                .append(" ref_len = ")
                .append(refLen)
                .append(')');
        return b.toString();
    }
}
