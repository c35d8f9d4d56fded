package dev.tolk.eval;

import java.util.Objects;

/**
 * The outcome of a paired bootstrap test of a system against a baseline on the same test set.
 *
 * @param baselineScore the baseline's score on the full test set
 * @param systemScore the system's score on the full test set
 * @param baselineInterval the baseline's 95% interval over the shared resamples
 * @param systemInterval the system's 95% interval over the shared resamples
 * @param pValue sacreBLEU's paired-bootstrap p-value: the probability that a difference at least as large as
 *     the observed {@code |system - baseline|} arises by chance (two-sided; small means significant)
 * @param systemBetterFraction fraction of resamples in which the system scored strictly higher than the
 *     baseline (Koehn 2004's "better in x% of samples")
 * @param resamples number of resamples
 * @param seed the random seed
 * @param signature the metric's signature with sacreBLEU's {@code bs} and {@code seed} fields
 */
public record PairedBootstrapResult(
        double baselineScore,
        double systemScore,
        ConfidenceInterval baselineInterval,
        ConfidenceInterval systemInterval,
        double pValue,
        double systemBetterFraction,
        int resamples,
        long seed,
        Signature signature) {

    /** Checks for nulls and ranges. */
    public PairedBootstrapResult {
        Objects.requireNonNull(baselineInterval, "baselineInterval");
        Objects.requireNonNull(systemInterval, "systemInterval");
        Objects.requireNonNull(signature, "signature");
        if (!(pValue > 0 && pValue <= 1)) {
            throw new IllegalArgumentException("PairedBootstrapResult: p-value must be in (0, 1], got " + pValue);
        }
    }

    /** {@code systemScore - baselineScore}. */
    public double difference() {
        return systemScore - baselineScore;
    }
}
