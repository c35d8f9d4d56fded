package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Selects stopwords from {@link TermStatistics} by {@link StopwordCriteria}. The result is in Zipf-rank order and
 * every entry says which criteria selected it. Immutable and thread-safe.
 */
public final class StopwordSelector {
    private final StopwordCriteria criteria;

    /** A selector applying {@code criteria}. */
    public StopwordSelector(StopwordCriteria criteria) {
        this.criteria = java.util.Objects.requireNonNull(criteria, "criteria");
    }

    /** The criteria applied. */
    public StopwordCriteria criteria() {
        return criteria;
    }

    /** The stopwords of {@code stats}, by rank. */
    public List<Stopword> select(TermStatistics stats) {
        List<Stopword> out = new ArrayList<>();
        long docs = stats.documents();
        for (TermStat s : stats.ranked()) {
            EnumSet<Stopword.Reason> why = EnumSet.noneOf(Stopword.Reason.class);
            if (criteria.maxDfRatio() != null && s.df() > criteria.maxDfRatio() * docs) {
                why.add(Stopword.Reason.MAX_DF);
            }
            if (criteria.maxDfCount() != null && s.df() > criteria.maxDfCount()) {
                why.add(Stopword.Reason.MAX_DF);
            }
            if (criteria.minDf() != null && s.df() < criteria.minDf()) {
                why.add(Stopword.Reason.MIN_DF);
            }
            if (criteria.topK() != null && s.rank() <= criteria.topK()) {
                why.add(Stopword.Reason.TOP_K);
            }
            if (criteria.maxEntropy() != null && s.entropy() > criteria.maxEntropy()) {
                why.add(Stopword.Reason.MAX_ENTROPY);
            }
            if (!why.isEmpty()) {
                out.add(new Stopword(s, why));
            }
        }
        return out;
    }
}
