package dev.tolk.tokenizer;

import java.util.List;
import java.util.Locale;

/**
 * Term statistics as a text table for people: columns rank, term, tf, df, entropy (4 decimals), one row per term,
 * the term column as wide as the longest term (in code points, at least 4, at most 40). Stopwords get one more
 * column, their reasons.
 */
public final class TermStatTable {
    private static final int MIN_WIDTH = 4;
    private static final int MAX_WIDTH = 40;

    private TermStatTable() {}

    /** The header line and one line per term, each ending in a newline. */
    public static String format(List<TermStat> terms) {
        String layout = layout(terms);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, layout + "%n", "rank", "term", "tf", "df", "entropy"));
        for (TermStat s : terms) {
            sb.append(row(layout, s)).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** As {@link #format(List)}, with a last column {@code reasons} (comma-separated, see {@link Stopword#reasonNames()}). */
    public static String formatStopwords(List<Stopword> stopwords) {
        String layout = layout(stopwords.stream().map(Stopword::stat).toList());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, layout + "  reasons%n", "rank", "term", "tf", "df", "entropy"));
        for (Stopword s : stopwords) {
            sb.append(row(layout, s.stat()))
                    .append("  ")
                    .append(String.join(",", s.reasonNames()))
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String layout(List<TermStat> terms) {
        int width = MIN_WIDTH;
        for (TermStat s : terms) {
            width = Math.max(width, s.term().codePointCount(0, s.term().length()));
        }
        return "%6s  %-" + Math.min(width, MAX_WIDTH) + "s  %10s  %10s  %8s";
    }

    private static String row(String layout, TermStat s) {
        return String.format(
                Locale.ROOT,
                layout,
                s.rank(),
                s.term(),
                s.tf(),
                s.df(),
                String.format(Locale.ROOT, "%.4f", s.entropy()));
    }
}
