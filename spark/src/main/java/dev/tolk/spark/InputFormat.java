package dev.tolk.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats a job reads. */
public enum InputFormat {
    /** UTF-8 text, one sentence per line (LF or CRLF), as {@code tolk translate --input-format text}. */
    TEXT,
    /** CSV (RFC 4180), a column by header name or 0-based index. */
    CSV,
    /** TSV (tab-separated, no quoting), a column by header name or 0-based index. */
    TSV,
    /** JSON Lines, one object per line, the sentence in a string field. */
    JSONL,
    /** Parquet, a string column. */
    PARQUET;

    /**
     * @param name a format name, any case
     * @throws IllegalArgumentException naming the valid choices
     */
    public static InputFormat parse(String name) {
        for (InputFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("input format must be one of " + choices() + ", got '" + name + "'");
    }

    /** The valid names, comma-separated. */
    public static String choices() {
        return Arrays.stream(values())
                .map(f -> f.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
