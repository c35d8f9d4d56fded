package dev.tolk.data;

import java.util.List;
import java.util.Objects;

/**
 * A corpus read in full: the accepted pairs, in file order, and the report of what was skipped.
 *
 * @param pairs the accepted pairs (unmodifiable)
 * @param report the counts and bad rows
 */
public record CorpusData(List<SentencePair> pairs, CorpusReport report) {

    /** Copies the list. */
    public CorpusData {
        pairs = List.copyOf(pairs);
        Objects.requireNonNull(report, "report");
    }
}
