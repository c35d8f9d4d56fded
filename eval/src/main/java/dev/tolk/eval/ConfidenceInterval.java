package dev.tolk.eval;

import java.util.Locale;

/**
 * A 95% bootstrap confidence interval of a score, computed as sacreBLEU's {@code estimate_ci}: the resampled
 * scores are sorted, {@code lower} is the one at index {@code n / 40} and {@code upper} the one at
 * {@code n - n / 40 - 1}; sacreBLEU reports {@code mean ± halfWidth()}.
 *
 * @param mean mean of the resampled scores
 * @param lower lower bound (2.5th percentile)
 * @param upper upper bound (97.5th percentile)
 */
public record ConfidenceInterval(double mean, double lower, double upper) {

    /** Checks {@code lower <= upper}. */
    public ConfidenceInterval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("ConfidenceInterval: lower " + lower + " > upper " + upper);
        }
    }

    /** Half the width, {@code 0.5 * (upper - lower)}: sacreBLEU's "±" value. */
    public double halfWidth() {
        return 0.5 * (upper - lower);
    }

    /** For people, two decimals: {@code μ = 48.12 ± 1.03, 95% CI [47.09, 49.15]}. */
    public String format() {
        return String.format(Locale.ROOT, "μ = %.2f ± %.2f, 95%% CI [%.2f, %.2f]", mean, halfWidth(), lower, upper);
    }

    /** The interval of scores {@code scores} (sorted in place). */
    static ConfidenceInterval of(double[] scores) {
        java.util.Arrays.sort(scores);
        int n = scores.length;
        int lowerIdx = n / 40;
        int upperIdx = n - lowerIdx - 1;
        double sum = 0;
        for (double s : scores) {
            sum += s;
        }
        return new ConfidenceInterval(sum / n, scores[lowerIdx], scores[upperIdx]);
    }
}
