package dev.tolk.tokenizer;

/**
 * Which terms {@link StopwordSelector} selects; any combination, a term is selected if it meets at least one set
 * criterion. Unset criteria are {@code null}. Immutable, validated at construction.
 *
 * @param maxDfRatio select terms with {@code df > maxDfRatio × documents}; in (0, 1]
 * @param maxDfCount select terms with {@code df > maxDfCount}; at least 0
 * @param minDf select terms with {@code df < minDf} (rare terms); at least 0
 * @param topK select the {@code topK} most frequent terms (the Zipf head); at least 0
 * @param maxEntropy select terms whose entropy over documents exceeds this many bits (spread evenly, as
 *     function words are); at least 0
 */
public record StopwordCriteria(Double maxDfRatio, Long maxDfCount, Long minDf, Integer topK, Double maxEntropy) {
    /**
     * Validates ranges and that at least one criterion is set; the messages name the criteria as {@code tolk
     * stopwords} spells them.
     */
    public StopwordCriteria {
        if (maxDfRatio != null && !(maxDfRatio > 0 && maxDfRatio <= 1)) {
            throw new IllegalArgumentException("--max-df must be a ratio in (0, 1], got " + maxDfRatio
                    + " (use --max-df-count for a number of documents)");
        }
        if (maxDfCount != null && maxDfCount < 0) {
            throw new IllegalArgumentException("--max-df-count must be >= 0, got " + maxDfCount);
        }
        if (minDf != null && minDf < 0) {
            throw new IllegalArgumentException("--min-df must be >= 0, got " + minDf);
        }
        if (topK != null && topK < 0) {
            throw new IllegalArgumentException("--top-k must be >= 0, got " + topK);
        }
        if (maxEntropy != null && !(maxEntropy >= 0 && Double.isFinite(maxEntropy))) {
            throw new IllegalArgumentException("--max-entropy must be a finite number of bits >= 0, got " + maxEntropy);
        }
        if (maxDfRatio == null && maxDfCount == null && minDf == null && topK == null && maxEntropy == null) {
            throw new IllegalArgumentException(
                    "give at least one criterion: --max-df, --max-df-count, --min-df, --top-k or --max-entropy");
        }
    }

    /** Only the max-DF ratio criterion. */
    public static StopwordCriteria maxDf(double ratio) {
        return new StopwordCriteria(ratio, null, null, null, null);
    }

    /** Only the top-k criterion. */
    public static StopwordCriteria topK(int k) {
        return new StopwordCriteria(null, null, null, k, null);
    }
}
