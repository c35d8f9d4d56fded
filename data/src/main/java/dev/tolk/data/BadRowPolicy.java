package dev.tolk.data;

import java.util.function.Consumer;

/**
 * What {@link CsvCorpusReader} does with a bad row (a blank line, a row with the wrong number of fields or split by a
 * stray carriage return, an empty side, a pair over the length limits, a duplicate; see {@link BadRowReason}). Bad rows are always dropped
 * <em>pairwise</em>, so later pairs stay aligned, and always counted in the {@link CorpusReport}.
 *
 * <p>Malformed files are not bad rows: invalid bytes for the encoding and broken CSV quoting end the read with
 * a {@link CorpusException} under every policy, because the reader cannot know where the next pair starts.
 */
public enum BadRowPolicy {
    /** Drop the row and count it; the report summarises (the default for training). */
    SKIP,
    /** Drop the row, count it, and log one warning per row through SLF4J. */
    WARN,
    /** Stop at the first bad row with a {@link CorpusException}. */
    ERROR;

    /**
     * Applies this policy to {@code row}: counts it in {@code tally} and, under {@link #WARN}, passes it to
     * {@code warn}; under {@link #ERROR} throws instead.
     */
    void apply(BadRow row, CorpusReport.Tally tally, Consumer<BadRow> warn) {
        if (this == ERROR) {
            throw new CorpusException(row);
        }
        tally.bad(row);
        if (this == WARN) {
            warn.accept(row);
        }
    }
}
