package dev.tolk.cli;

/**
 * A usage error found after parsing, e.g. an option value outside its valid range or two options that cannot
 * go together. Reported as one line on standard error with exit code {@link Tolk#EXIT_USAGE}. The message
 * should name the option, its valid range or choices, and the value given.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    /** Refuses {@code value} of {@code option} below {@code min}. */
    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UsageException(option + " must be >= " + min + ", got " + value);
        }
    }

    /** Refuses a {@code value} of {@code option} that is not a finite number above 0. */
    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageException(option + " must be a finite number > 0, got " + value);
        }
    }
}
