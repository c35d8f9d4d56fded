package dev.tolk.cli;

import dev.tolk.core.Precision;
import picocli.CommandLine.Option;

/**
 * {@code --precision fp32|bf16|int8}, the one definition for every command that chooses the number format of the
 * matrix products ({@link Precision}). Use as {@code @Mixin PrecisionOption precision;}; the value is checked when
 * read, as a usage error. Whether this machine's backend computes the precision is checked where it is applied
 * (a runtime error naming the precisions that are available).
 */
public final class PrecisionOption {
    @Option(
            names = "--precision",
            paramLabel = "fp32|bf16|int8",
            defaultValue = "fp32",
            description = "Number format of the matrix products: fp32 (default), bf16 or int8 (needs the onednn "
                    + "backend and a CPU with avx512_bf16 / VNNI).")
    String precision = "fp32";

    /**
     * @return the precision given
     * @throws UsageException for a name that is not a precision
     */
    public Precision value() {
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision: " + e.getMessage());
        }
    }
}
