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
}
