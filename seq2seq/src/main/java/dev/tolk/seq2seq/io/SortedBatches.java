package dev.tolk.seq2seq.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Translates inputs in batches of similar length (less padding, faster) and returns the results in the original
 * order: inputs are sorted by length (ties in input order) and cut into batches of {@code batchSize}.
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public final class SortedBatches<I, O> {
    private final int batchSize;
    private final ToIntFunction<I> length;
    private final Function<List<I>, List<O>> translate;

    /**
     * @param batchSize inputs per call of {@code translate}, &ge; 1
     * @param length the sort key, usually the token count
     * @param translate returns one result per input, in the order given
     */
    public SortedBatches(int batchSize, ToIntFunction<I> length, Function<List<I>, List<O>> translate) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.length = length;
        this.translate = translate;
    }

    /**
     * @return one result per input, in input order (unmodifiable)
     * @throws IllegalStateException when {@code translate} returns the wrong number of results
     */
    public List<O> apply(List<I> inputs) {
        Integer[] order = new Integer[inputs.size()];
        int[] keys = new int[inputs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            keys[i] = length.applyAsInt(inputs.get(i));
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> keys[i]).thenComparingInt(i -> i));
        List<O> results = new ArrayList<>(Collections.nCopies(inputs.size(), null));
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<I> batch = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                batch.add(inputs.get(order[k]));
            }
            List<O> out = translate.apply(batch);
            if (out == null || out.size() != batch.size()) {
                throw new IllegalStateException(
                        "the translate function returned " + (out == null ? "null" : out.size() + " results")
                                + " for a batch of " + batch.size() + " inputs; it must return one result per input");
            }
            for (int k = start; k < end; k++) {
                results.set(order[k], out.get(k - start));
            }
        }
        return Collections.unmodifiableList(results);
    }
}
