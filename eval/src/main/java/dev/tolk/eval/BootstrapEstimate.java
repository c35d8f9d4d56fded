package dev.tolk.eval;

import java.util.Objects;

/**
 * A system's score with its bootstrap confidence interval.
 *
 * @param score the score on the full test set
 * @param interval the 95% interval from the resamples
 * @param resamples number of resamples
 * @param seed the random seed
 * @param signature the metric's signature with sacreBLEU's {@code bs} and {@code seed} fields
 */
public record BootstrapEstimate(
        double score, ConfidenceInterval interval, int resamples, long seed, Signature signature) {

    /** Checks for nulls. */
    public BootstrapEstimate {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(signature, "signature");
    }
}
