package dev.tolk.seq2seq.io;

/**
 * One input record to translate.
 *
 * @param lineNumber the 1-based line of the input where the record starts
 * @param text the sentence, possibly empty
 */
public record SourceLine(long lineNumber, String text) {
    /** Requires a positive line number and non-null text. */
    public SourceLine {
        if (lineNumber < 1 || text == null) {
            throw new IllegalArgumentException("lineNumber must be >= 1 and text non-null, got " + lineNumber);
        }
    }
}
