package dev.tolk.eval;

import java.util.List;

/**
 * A corpus-level metric computed from summed per-segment statistics (BLEU, chrF), so that bootstrap resampling
 * can rescore resamples cheaply. Implementations are immutable and thread-safe.
 */
public interface CorpusMetric {
    /** The metric's display name, e.g. {@code BLEU} or {@code chrF2++}. */
    String name();

    /**
     * Per-segment statistics of {@code hypotheses} against {@code references} (one list per reference stream,
     * each as long as {@code hypotheses}).
     *
     * @throws IllegalArgumentException if a stream's length differs from the hypotheses' or a segment has no
     *     non-empty reference
     */
    CorpusStatistics statistics(List<String> hypotheses, List<List<String>> references);

    /** The score (0–100) of summed statistics, as returned by {@link CorpusStatistics#sum()}. */
    double scoreOf(long[] summedStatistics);

    /** The signature of scores computed with {@code nrefs} references per segment. */
    Signature signature(String nrefs);
}
