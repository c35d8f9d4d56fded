package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Streaming term statistics over documents (one document = one line or one CSV field): TF, DF, Zipf rank and
 * the entropy of each term's distribution over documents. Memory grows with the number of distinct terms only:
 * per term it keeps {@code tf}, {@code df} and {@code Σ_d tf_d·log2(tf_d)}, from which
 * {@code H = log2(tf) - (Σ_d tf_d·log2 tf_d) / tf}.
 *
 * <p>Not thread-safe: feed it from one thread (or {@link #merge} per-thread instances).
 */
public final class TermStatistics {
    private static final double LN2 = Math.log(2);
    private static final int SMALL_DOCUMENT = 24;

    private static final class Counts {
        long tf;
        long df;
        double sumTfLogTf;
    }

    private final Map<String, Counts> terms = new HashMap<>();
    private final Map<String, int[]> doc = new HashMap<>();
    private long documents;
    private long tokens;

    /** Adds one document given as its terms (in any order; repeats count). */
    public void addDocument(List<String> documentTerms) {
        documents++;
        int n = documentTerms.size();
        tokens += n;
        if (n <= SMALL_DOCUMENT) {
            addSmallDocument(documentTerms, n);
            return;
        }
        doc.clear();
        for (String t : documentTerms) {
            doc.computeIfAbsent(t, k -> new int[1])[0]++;
        }
        for (Map.Entry<String, int[]> e : doc.entrySet()) {
            count(e.getKey(), e.getValue()[0]);
        }
    }

    /** Short documents (most sentences): count repeats by linear scan instead of a per-document map. */
    private void addSmallDocument(List<String> documentTerms, int n) {
        outer:
        for (int i = 0; i < n; i++) {
            String t = documentTerms.get(i);
            for (int j = 0; j < i; j++) {
                if (documentTerms.get(j).equals(t)) {
                    continue outer; // counted with its first occurrence
                }
            }
            int c = 1;
            for (int j = i + 1; j < n; j++) {
                if (documentTerms.get(j).equals(t)) {
                    c++;
                }
            }
            count(t, c);
        }
    }

    private void count(String term, int n) {
        Counts c = terms.get(term);
        if (c == null) {
            c = new Counts();
            terms.put(term, c);
        }
        c.tf += n;
        c.df++;
        if (n > 1) {
            c.sumTfLogTf += n * (Math.log(n) / LN2);
        }
    }

    /** Adds the counts of {@code other} (documents are assumed distinct). */
    public void merge(TermStatistics other) {
        documents += other.documents;
        tokens += other.tokens;
        for (Map.Entry<String, Counts> e : other.terms.entrySet()) {
            Counts c = terms.computeIfAbsent(e.getKey(), k -> new Counts());
            c.tf += e.getValue().tf;
            c.df += e.getValue().df;
            c.sumTfLogTf += e.getValue().sumTfLogTf;
        }
    }

    /** Number of documents added. */
    public long documents() {
        return documents;
    }

    /** Number of tokens (term occurrences) added. */
    public long tokens() {
        return tokens;
    }

    /** Number of distinct terms. */
    public int distinctTerms() {
        return terms.size();
    }

    /** Term frequency of {@code term} (0 if unseen). */
    public long tf(String term) {
        Counts c = terms.get(term);
        return c == null ? 0 : c.tf;
    }

    /** Document frequency of {@code term} (0 if unseen). */
    public long df(String term) {
        Counts c = terms.get(term);
        return c == null ? 0 : c.df;
    }

    /** Entropy in bits of {@code term}'s distribution over documents (0 if unseen). */
    public double entropy(String term) {
        Counts c = terms.get(term);
        return c == null ? 0 : entropy(c);
    }

    private static double entropy(Counts c) {
        double h = Math.log(c.tf) / LN2 - c.sumTfLogTf / c.tf;
        return h < 1e-12 ? 0.0 : h; // clamp rounding noise for single-document terms
    }

    private static int compare(Map.Entry<String, Counts> a, Map.Entry<String, Counts> b) {
        int c = Long.compare(b.getValue().tf, a.getValue().tf);
        return c != 0 ? c : a.getKey().compareTo(b.getKey());
    }

    /** All terms by Zipf rank (TF descending, then lexicographic). */
    public List<TermStat> ranked() {
        List<Map.Entry<String, Counts>> all = new ArrayList<>(terms.entrySet());
        all.sort(TermStatistics::compare);
        return toStats(all);
    }

    /** The {@code n} highest-ranked terms, selected with a bounded heap (cheap for many terms). */
    public List<TermStat> top(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("top: n must be >= 0, got " + n);
        }
        if (n >= terms.size()) {
            return ranked();
        }
        PriorityQueue<Map.Entry<String, Counts>> heap = new PriorityQueue<>(n + 1, (a, b) -> compare(b, a));
        for (Map.Entry<String, Counts> e : terms.entrySet()) {
            if (heap.size() < n) {
                heap.add(e);
            } else if (n > 0 && compare(e, heap.peek()) < 0) {
                heap.poll();
                heap.add(e);
            }
        }
        List<Map.Entry<String, Counts>> kept = new ArrayList<>(heap);
        kept.sort(TermStatistics::compare);
        return toStats(kept);
    }

    private static List<TermStat> toStats(List<Map.Entry<String, Counts>> sorted) {
        List<TermStat> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Map.Entry<String, Counts> e = sorted.get(i);
            Counts c = e.getValue();
            out.add(new TermStat(e.getKey(), c.tf, c.df, i + 1, entropy(c)));
        }
        return out;
    }
}
