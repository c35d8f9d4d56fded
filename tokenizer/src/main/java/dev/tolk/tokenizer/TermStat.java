package dev.tolk.tokenizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics of one term over a corpus of documents.
 *
 * @param term the term
 * @param tf term frequency: occurrences in the whole corpus
 * @param df document frequency: number of documents containing it
 * @param rank Zipf rank: 1 for the most frequent term; ties ordered lexicographically
 * @param entropy entropy in bits of the term's distribution over documents,
 *     {@code H = -Σ_d p_d log2 p_d} with {@code p_d = tf_d / tf}; 0 for a term in one document, {@code log2(df)}
 *     for a term spread evenly over {@code df} documents
 */
public record TermStat(String term, long tf, long df, int rank, double entropy) {
    /**
     * The fields for JSON, in order: {@code rank}, {@code term}, {@code tf}, {@code df}, {@code entropy} (rounded to
     * 6 decimals).
     */
    public Map<String, Object> fields() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("rank", rank);
        t.put("term", term);
        t.put("tf", tf);
        t.put("df", df);
        t.put("entropy", Math.round(entropy * 1e6) / 1e6);
        return t;
    }
}
