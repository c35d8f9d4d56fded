package dev.tolk.seq2seq.io;

import java.io.IOException;

/** The translation input is malformed (the user's data): the message gives {@code source:line}, what, and the fix. */
public final class TranslationInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;

    /**
     * @param source the input's name (file name or {@code <stdin>})
     * @param line the 1-based line
     * @param reason what is wrong and what to do
     */
    public TranslationInputException(String source, long line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
    }

    /** @return the input's name */
    public String source() {
        return source;
    }

    /** @return the 1-based line */
    public long line() {
        return line;
    }
}
