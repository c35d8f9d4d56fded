package dev.tolk.tokenizer;

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
public record TermStat(String term, long tf, long df, int rank, double entropy) {}
