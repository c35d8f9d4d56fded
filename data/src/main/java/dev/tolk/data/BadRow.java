package dev.tolk.data;

import java.util.Objects;

/**
 * One rejected row: where it is and why.
 *
 * @param file the file name as given to the reader (or a label such as {@code <stdin>})
 * @param line the 1-based line on which the record starts
 * @param reason the category
 * @param detail the specific problem for a user, e.g. "3 fields, expected 2"
 */
public record BadRow(String file, long line, BadRowReason reason, String detail) {

    /** Validates the fields. */
    public BadRow {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code file:line}, e.g. {@code train.csv:1234}. */
    public String location() {
        return file + ":" + line;
    }

    /** {@code file:line: detail}, e.g. {@code train.csv:1234: 3 fields, expected 2}. */
    @Override
    public String toString() {
        return location() + ": " + detail;
    }
}
