package dev.tolk.data;

import java.util.Objects;

/**
 * One text of an input: a line of a plain-text file or a field of a CSV/TSV column.
 *
 * @param line the 1-based line where the text starts in its file
 * @param text the text (never null; may be empty)
 */
public record TextRecord(long line, String text) {
    /** Validates the fields. */
    public TextRecord {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, got " + line);
        }
        Objects.requireNonNull(text, "text");
    }
}
