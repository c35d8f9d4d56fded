package dev.tolk.seq2seq.io;

import java.util.Objects;

/**
 * One input record to translate.
 *
 * @param id the record's number in its input, from 0 (for a file: its position among the records read; a server or
 *     a batch job may number its records as it likes)
 * @param line the 1-based line of the input where the record starts (for in-memory inputs: {@code id + 1})
 * @param text the sentence, possibly empty
 */
public record SourceRecord(long id, long line, String text) {
    /** Requires a non-negative id, a positive line number and text. */
    public SourceRecord {
        if (id < 0 || line < 1) {
            throw new IllegalArgumentException("id must be >= 0 and line >= 1, got " + id + " and " + line);
        }
        Objects.requireNonNull(text, "text");
    }
}
