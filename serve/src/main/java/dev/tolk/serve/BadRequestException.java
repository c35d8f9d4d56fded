package dev.tolk.serve;

/**
 * A request the service cannot accept, with the field at fault: HTTP 400 (or 413 for a body over the limit).
 * Messages read {@code text[2]: expected a string, got a number}.
 */
public final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The pseudo-field naming the request body as a whole. */
    public static final String BODY = "body";

    private final String field;
    private final int status;

    /**
     * @param field where the problem is, e.g. {@code text[2]}, {@code beam} or {@value #BODY}
     * @param problem what is wrong and what is allowed
     */
    public BadRequestException(String field, String problem) {
        this(field, problem, 400);
    }

    BadRequestException(String field, String problem, int status) {
        super(field + ": " + problem);
        this.field = field;
        this.status = status;
    }

    /** The body is larger than {@code limit} bytes: HTTP 413. */
    static BadRequestException tooLarge(long limit) {
        return new BadRequestException(
                BODY, "larger than the limit of " + limit + " bytes; send fewer sentences per request", 413);
    }

    /** @return the field at fault */
    public String field() {
        return field;
    }

    /** @return the HTTP status: 400, or 413 for a body over the size limit */
    public int status() {
        return status;
    }
}
