package dev.tolk.serve;

/**
 * The batcher cannot take a request now: its queue is full (HTTP 429) or the service is shutting down (HTTP 503).
 * Either way the client may retry after {@link #retryAfterSeconds()}.
 */
public final class RejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean shuttingDown;
    private final int retryAfterSeconds;

    private RejectedException(String message, boolean shuttingDown, int retryAfterSeconds) {
        super(message);
        this.shuttingDown = shuttingDown;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The queue holds {@code queued} of {@code capacity} sentences and cannot take {@code asked} more. */
    static RejectedException overCapacity(int queued, int capacity, int asked) {
        return new RejectedException(
                "over capacity: " + queued + " of " + capacity + " sentences queued, cannot take " + asked
                        + " more; retry later",
                false,
                1);
    }

    /** The service is shutting down. */
    static RejectedException shutdown() {
        return new RejectedException("shutting down; retry on another instance or after the restart", true, 5);
    }

    /** @return true for a shutdown (HTTP 503), false for a full queue (HTTP 429) */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    /** @return the HTTP status: 503 when shutting down, else 429 */
    public int status() {
        return shuttingDown ? 503 : 429;
    }

    /** @return seconds the client should wait before retrying (the {@code Retry-After} header) */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
