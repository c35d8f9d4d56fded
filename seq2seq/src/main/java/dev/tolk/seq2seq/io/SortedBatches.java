package dev.tolk.seq2seq.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Translates inputs in batches of similar length (less padding, faster) and returns the results in the original
 * order. Empty inputs (only whitespace) never reach the translate function. Batches may run on several threads;
 * the results do not depend on the batch size or thread count as long as the translate function's result for an
 * input does not depend on the rest of its batch.
 *
 * @param <T> the result type
 */
public final class SortedBatches<T> {
    private final int batchSize;
    private final int threads;
    private final ToIntFunction<String> length;
    private final Function<List<String>, List<T>> translate;
    private final Function<String, T> forEmpty;

    /**
     * @param batchSize inputs per call of {@code translate}, &ge; 1
     * @param threads batches translated concurrently, &ge; 1 ({@code translate} must then be thread-safe)
     * @param length the sort key, usually the token count
     * @param translate returns one result per input, in the order given
     * @param forEmpty the result for an empty input, e.g. {@link TranslationResult#empty(String)}
     */
    public SortedBatches(
            int batchSize,
            int threads,
            ToIntFunction<String> length,
            Function<List<String>, List<T>> translate,
            Function<String, T> forEmpty) {
        if (batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("batchSize and threads must be >= 1, got " + batchSize + ", " + threads);
        }
        this.batchSize = batchSize;
        this.threads = threads;
        this.length = length;
        this.translate = translate;
        this.forEmpty = forEmpty;
    }

    /** @return whether {@code s} holds nothing but whitespace (including no-break spaces) */
    public static boolean isEmpty(String s) {
        return s.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    /**
     * @param inputs the sentences
     * @return one result per input, in input order (unmodifiable)
     * @throws IllegalStateException when {@code translate} returns the wrong number of results
     */
    public List<T> apply(List<String> inputs) {
        List<Object> results = new ArrayList<>(inputs.size());
        List<Integer> work = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String s = inputs.get(i);
            if (isEmpty(s)) {
                results.add(forEmpty.apply(s));
            } else {
                results.add(null);
                work.add(i);
            }
        }
        int[] keys = new int[inputs.size()];
        for (int i : work) {
            keys[i] = length.applyAsInt(inputs.get(i));
        }
        work.sort(Comparator.<Integer>comparingInt(i -> keys[i]).thenComparingInt(i -> i));
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < work.size(); start += batchSize) {
            batches.add(work.subList(start, Math.min(work.size(), start + batchSize)).stream()
                    .mapToInt(Integer::intValue)
                    .toArray());
        }
        if (threads == 1 || batches.size() <= 1) {
            for (int[] batch : batches) {
                store(results, batch, run(inputs, batch));
            }
        } else {
            AtomicInteger id = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, batches.size()), r -> {
                Thread t = new Thread(r, "tolk-translate-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<List<T>>> futures = new ArrayList<>();
                for (int[] batch : batches) {
                    futures.add(pool.submit(() -> run(inputs, batch)));
                }
                for (int b = 0; b < batches.size(); b++) {
                    store(results, batches.get(b), futures.get(b).get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while translating", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("translation failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        @SuppressWarnings("unchecked")
        List<T> typed = (List<T>) (List<?>) results;
        return Collections.unmodifiableList(typed);
    }

    private List<T> run(List<String> inputs, int[] batch) {
        List<String> texts = Arrays.stream(batch).mapToObj(inputs::get).toList();
        List<T> out = translate.apply(texts);
        if (out == null || out.size() != batch.length) {
            throw new IllegalStateException(
                    "the translate function returned " + (out == null ? "null" : out.size() + " results")
                            + " for a batch of " + batch.length + " inputs; it must return one result per input");
        }
        return out;
    }

    private void store(List<Object> results, int[] batch, List<T> out) {
        for (int k = 0; k < batch.length; k++) {
            results.set(batch[k], out.get(k));
        }
    }
}
