package dev.tolk.spark;

import dev.tolk.core.Precision;
import java.io.Serializable;
import java.util.Objects;

/**
 * How each task decodes: the options of {@code tolk translate} that change translations or their speed. Immutable;
 * shipped to the executors with the job (Spark serialises task closures with Java serialization).
 *
 * @param beam beam size in [1, 1000], 1 = greedy; null = the model's {@code decode.beam_size}
 * @param batchSize sentences decoded together, &ge; 1 (translations do not depend on it, except at int8)
 * @param replaceUnk replace {@code <unk>} by the most-attended source word
 * @param precision the number format of the matrix products ({@code tolk translate --precision})
 */
public record DecodeSettings(Integer beam, int batchSize, boolean replaceUnk, Precision precision)
        implements Serializable {
    /** The defaults of {@code tolk translate}: the model's beam, batches of 32, no unknown-word replacement, fp32. */
    public static final DecodeSettings DEFAULTS = new DecodeSettings(null, 32, false, Precision.FP32);

    /** Checks the ranges, naming the option. */
    public DecodeSettings {
        if (beam != null && (beam < 1 || beam > 1000)) {
            throw new IllegalArgumentException("beam must be in [1, 1000], got " + beam);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Objects.requireNonNull(precision, "precision");
    }

    public DecodeSettings withBeam(Integer k) {
        return new DecodeSettings(k, batchSize, replaceUnk, precision);
    }

    public DecodeSettings withBatchSize(int size) {
        return new DecodeSettings(beam, size, replaceUnk, precision);
    }

    public DecodeSettings withReplaceUnk(boolean on) {
        return new DecodeSettings(beam, batchSize, on, precision);
    }

    public DecodeSettings withPrecision(Precision p) {
        return new DecodeSettings(beam, batchSize, replaceUnk, p);
    }
}
