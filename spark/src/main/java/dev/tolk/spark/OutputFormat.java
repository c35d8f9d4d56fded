package dev.tolk.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats a job writes: a directory of part files ({@code part-00000…}) whose concatenation in name order is the
 * input's order.
 */
public enum OutputFormat {
    /** The translations only, one line per input record (as {@code tolk translate}'s default output). */
    TEXT,
    /** CSV with a header: {@code file,line,source,translation,score[,_corrupt]}. */
    CSV,
    /** JSON Lines with the same fields (a null score is left out). */
    JSONL,
    /** Parquet with the same columns. */
    PARQUET;

    /**
     * @param name a format name, any case
     * @throws IllegalArgumentException naming the valid choices
     */
    public static OutputFormat parse(String name) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("output format must be one of " + choices() + ", got '" + name + "'");
    }

    /** The valid names, comma-separated. */
    public static String choices() {
        return Arrays.stream(values())
                .map(f -> f.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
