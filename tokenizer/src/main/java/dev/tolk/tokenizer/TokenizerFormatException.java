package dev.tolk.tokenizer;

/**
 * A vocabulary, BPE model or pipeline spec that cannot be loaded: wrong format name or version, malformed JSON,
 * or inconsistent content. The message names the source (file) and what to do. The fault is the file's, not
 * the program's. (A model or checkpoint container that cannot be loaded is seq2seq's {@code ModelFormatException}.)
 */
public final class TokenizerFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A format error with a message naming the source. */
    public TokenizerFormatException(String message) {
        super(message);
    }

    /** A format error caused by {@code cause} (e.g. a Jackson parse error). */
    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
