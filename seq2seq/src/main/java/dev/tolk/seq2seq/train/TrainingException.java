package dev.tolk.seq2seq.train;

/**
 * Training cannot start or continue for a reason the user can fix (no corpus configured, a checkpoint directory
 * in the way, a batch budget too small for the data). The message is one line: what, where, what to do.
 */
public final class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
