package dev.tolk.tokenizer;

import java.util.Set;

/**
 * A term chosen by {@link StopwordSelector}, with its statistics and the criteria it met.
 *
 * @param stat the term's statistics (term, TF, DF, rank, entropy)
 * @param reasons the criteria that selected it (at least one)
 */
public record Stopword(TermStat stat, Set<Reason> reasons) {
    /** Why a term was selected. */
    public enum Reason {
        /** DF above the max-df ratio or count. */
        MAX_DF,
        /** DF below min-df. */
        MIN_DF,
        /** Among the top-k most frequent terms. */
        TOP_K,
        /** Entropy over documents above max-entropy. */
        MAX_ENTROPY
    }

    /** Copies the reasons; at least one is required. */
    public Stopword {
        reasons = Set.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a stopword needs at least one reason");
        }
    }

    /** The term. */
    public String term() {
        return stat.term();
    }
}
