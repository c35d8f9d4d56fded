package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Removes tokens whose text is in a stopword set (exact, case-sensitive match: normalise first). Off by default
 * everywhere in translation: dropping function words destroys translations. Immutable and thread-safe.
 */
public final class StopwordFilter implements TokenFilter {
    private final Set<String> stopwords;

    /** A filter removing {@code stopwords}. */
    public StopwordFilter(Collection<String> stopwords) {
        this.stopwords = Set.copyOf(stopwords);
    }

    /** The stopwords removed. */
    public Set<String> stopwords() {
        return stopwords;
    }

    /** Whether {@code term} is removed. */
    public boolean isStopword(String term) {
        return stopwords.contains(term);
    }

    @Override
    public List<Token> apply(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            if (!stopwords.contains(t.text())) {
                out.add(t);
            }
        }
        return out;
    }
}
