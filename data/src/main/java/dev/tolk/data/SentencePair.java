package dev.tolk.data;

import java.util.Objects;

/**
 * One aligned pair of a parallel corpus.
 *
 * @param source the source-language text, verbatim from the file (not trimmed)
 * @param target the target-language text, verbatim from the file (not trimmed)
 * @param line the 1-based physical line of the file on which the pair's record starts (a record with a
 *     multi-line quoted field spans several lines; this is the first), or 0 when the pair does not come from a
 *     file
 */
public record SentencePair(String source, String target, long line) {

    /** Validates the fields. */
    public SentencePair {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
    }

    /** A pair that does not come from a file (line 0). */
    public static SentencePair of(String source, String target) {
        return new SentencePair(source, target, 0);
    }
}
