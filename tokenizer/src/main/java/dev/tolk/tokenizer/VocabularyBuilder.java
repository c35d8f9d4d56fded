package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Counts tokens and builds a {@link Vocabulary}: the specials, then every token seen at least {@code minFrequency}
 * times, most frequent first, ties in lexicographic ({@link String#compareTo}) order, at most {@code maxSize}
 * ids in total (specials included). The cut uses a bounded heap of {@code maxSize} entries (O(n log k)), not a
 * sort of all n types. Not thread-safe (a builder); the vocabulary it builds is.
 */
public final class VocabularyBuilder {
    /** Frequency descending, then lexicographic. */
    static final Comparator<Map.Entry<String, long[]>> ORDER = (a, b) -> {
        int c = Long.compare(b.getValue()[0], a.getValue()[0]);
        return c != 0 ? c : a.getKey().compareTo(b.getKey());
    };

    private final int minFrequency;
    private final int maxSize;
    private final Map<String, long[]> counts = new HashMap<>();

    /**
     * A builder.
     *
     * @param minFrequency minimum count for a token to be kept, at least 1
     * @param maxSize maximum vocabulary size including the 4 specials, at least 4
     */
    public VocabularyBuilder(int minFrequency, int maxSize) {
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minimum frequency must be >= 1, got " + minFrequency);
        }
        if (maxSize < Vocabulary.SPECIALS.size()) {
            throw new IllegalArgumentException("maximum vocabulary size must be >= " + Vocabulary.SPECIALS.size()
                    + " (the special tokens), got " + maxSize);
        }
        this.minFrequency = minFrequency;
        this.maxSize = maxSize;
    }

    /** Counts one occurrence of {@code token}. */
    public VocabularyBuilder add(String token) {
        return add(token, 1);
    }

    /** Counts {@code count} occurrences of {@code token} ({@code count >= 0}). */
    public VocabularyBuilder add(String token, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count + " for '" + token + "'");
        }
        counts.computeIfAbsent(token, k -> new long[1])[0] += count;
        return this;
    }

    /** Counts every token of {@code sequence}. */
    public VocabularyBuilder addAll(List<String> sequence) {
        for (String t : sequence) {
            counts.computeIfAbsent(t, k -> new long[1])[0]++;
        }
        return this;
    }

    /** Number of distinct tokens counted so far. */
    public int distinctTokens() {
        return counts.size();
    }

    /** The count of {@code token} so far. */
    public long count(String token) {
        long[] c = counts.get(token);
        return c == null ? 0 : c[0];
    }

    /** Builds the vocabulary from the counts so far (the builder can keep counting afterwards). */
    public Vocabulary build() {
        int room = maxSize - Vocabulary.SPECIALS.size();
        // Max-heap on "worse" so the worst kept entry is on top and can be replaced.
        PriorityQueue<Map.Entry<String, long[]>> heap =
                new PriorityQueue<>(Math.max(1, Math.min(room, 1 << 16)), ORDER.reversed());
        if (room > 0) {
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                if (e.getValue()[0] < minFrequency || Vocabulary.SPECIALS.contains(e.getKey())) {
                    continue;
                }
                if (heap.size() < room) {
                    heap.add(e);
                } else if (ORDER.compare(e, heap.peek()) < 0) {
                    heap.poll();
                    heap.add(e);
                }
            }
        }
        List<Map.Entry<String, long[]>> kept = new ArrayList<>(heap);
        kept.sort(ORDER);
        List<String> tokens = new ArrayList<>(kept.size());
        for (Map.Entry<String, long[]> e : kept) {
            tokens.add(e.getKey());
        }
        return Vocabulary.of(Collections.unmodifiableList(tokens));
    }
}
