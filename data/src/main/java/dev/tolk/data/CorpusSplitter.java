package dev.tolk.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * Splits a corpus into train, validation and test parts with a seed. Items with the same group key (by
 * default the source sentence, so one sentence never appears in two parts) stay together; groups are shuffled
 * with {@link Random} seeded by {@link #seed()} (whose algorithm the JDK specifies, so the split is the same
 * on every JVM) and dealt to test, then validation, then train until each reaches its size. Within each part,
 * items keep their original order. Immutable.
 *
 * @param <T> the item type
 */
public final class CorpusSplitter<T> {
    private final long seed;
    private final Function<? super T, ?> groupKey;

    private CorpusSplitter(long seed, Function<? super T, ?> groupKey) {
        this.seed = seed;
        this.groupKey = Objects.requireNonNull(groupKey, "groupKey");
    }

    /** A splitter of sentence pairs that keeps pairs with the same source sentence together. */
    public static CorpusSplitter<SentencePair> bySource(long seed) {
        return new CorpusSplitter<>(seed, SentencePair::source);
    }

    /** A splitter that keeps items with equal {@code groupKey} together. */
    public static <T> CorpusSplitter<T> grouped(long seed, Function<? super T, ?> groupKey) {
        return new CorpusSplitter<>(seed, groupKey);
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /**
     * Splits by counts. Because groups are not broken, a part can exceed its count by less than the size of
     * its last group.
     *
     * @throws IllegalArgumentException if a count is negative or valid + test exceeds the items
     */
    public Split<T> split(List<T> items, int validCount, int testCount) {
        if (validCount < 0 || testCount < 0) {
            throw new IllegalArgumentException(
                    "valid and test counts must be >= 0, got " + validCount + " and " + testCount);
        }
        if ((long) validCount + testCount > items.size()) {
            throw new IllegalArgumentException(
                    "valid (" + validCount + ") + test (" + testCount + ") exceed the " + items.size() + " items");
        }
        Map<Object, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            groups.computeIfAbsent(groupKey.apply(items.get(i)), k -> new ArrayList<>())
                    .add(i);
        }
        List<List<Integer>> order = new ArrayList<>(groups.values());
        Random rng = new Random(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            List<Integer> t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        byte[] part = new byte[items.size()];
        int test = 0;
        int valid = 0;
        for (List<Integer> g : order) {
            byte p;
            if (test < testCount) {
                p = 2;
                test += g.size();
            } else if (valid < validCount) {
                p = 1;
                valid += g.size();
            } else {
                p = 0;
            }
            for (int i : g) {
                part[i] = p;
            }
        }
        List<T> tr = new ArrayList<>();
        List<T> va = new ArrayList<>();
        List<T> te = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            (part[i] == 0 ? tr : part[i] == 1 ? va : te).add(items.get(i));
        }
        return new Split<>(tr, va, te);
    }

    /** Splits by fractions of the item count (rounded), e.g. {@code 0.05, 0.05}. */
    public Split<T> splitFractions(List<T> items, double validFraction, double testFraction) {
        if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction <= 1)) {
            throw new IllegalArgumentException(
                    "fractions must be >= 0 and sum to at most 1, got " + validFraction + " and " + testFraction);
        }
        int test = (int) Math.round(items.size() * testFraction);
        int valid = Math.min((int) Math.round(items.size() * validFraction), items.size() - test);
        return split(items, valid, test);
    }
}
