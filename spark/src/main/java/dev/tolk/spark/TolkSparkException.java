package dev.tolk.spark;

/**
 * A problem with the user's data or model found inside a Spark task (invalid UTF-8, a malformed record, a model
 * that is not the one the driver checked). The message is one line naming the input, the record and the fix;
 * {@link TolkSparkJob} prints it without a stack trace.
 */
public final class TolkSparkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: where, what, and what to do */
    public TolkSparkException(String message) {
        super(message);
    }

    /**
     * @param message one line: where, what, and what to do
     * @param cause the underlying exception
     */
    public TolkSparkException(String message, Throwable cause) {
        super(message, cause);
    }
}
