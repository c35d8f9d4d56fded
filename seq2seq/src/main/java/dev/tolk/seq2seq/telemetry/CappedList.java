package dev.tolk.seq2seq.telemetry;

import java.util.List;

/**
 * A list inside a one-line message, capped so that the line stays short whatever the input: the first items, then
 * {@code "and N more"}.
 */
public final class CappedList {
    private CappedList() {}

    /**
     * @param items the items, in order
     * @param max how many to show, &ge; 1
     * @param separator between items, e.g. {@code "; "}
     * @return e.g. {@code "a; b; c; and 7 more"} for 10 items and {@code max} 3
     */
    public static String join(List<String> items, int max, String separator) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        if (items.size() <= max) {
            return String.join(separator, items);
        }
        return String.join(separator, items.subList(0, max)) + separator + "and " + (items.size() - max) + " more";
    }
}
