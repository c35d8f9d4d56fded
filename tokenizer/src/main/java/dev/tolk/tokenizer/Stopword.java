package dev.tolk.tokenizer;

import java.util.List;
import java.util.Locale;
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
        MAX_ENTROPY;

        /** The reason's name in lower case with hyphens, e.g. {@code max-df}. */
        public String optionName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Copies the reasons; at least one is required. */
    public Stopword {
        reasons = Set.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a stopword needs at least one reason");
        }
    }

    /**
     * The reasons' names in order: {@code max-df}, {@code min-df}, {@code top-k}, {@code max-entropy} (as the
     * criteria's options are spelled).
     */
    public List<String> reasonNames() {
        return reasons.stream().sorted().map(Reason::optionName).toList();
    }

    /** The term. */
    public String term() {
        return stat.term();
    }
}
