package dev.tolk.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Hands documents, in batches and in order, to one background thread, so that reading the input overlaps with
 * processing it. Lifecycle: {@link #accept} documents, then {@link #finish()} (which rethrows the worker's
 * failure), then {@link #close()}. Processing happens on a single thread, in input order: results are the same
 * as a sequential loop.
 */
final class TokBatchWorker implements AutoCloseable {
    private static final int BATCH = 2048;
    private static final List<TokDocument> END = List.of();

    private final BlockingQueue<List<TokDocument>> queue = new ArrayBlockingQueue<>(8);
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tolk-tokenize");
        t.setDaemon(true);
        return t;
    });
    private final Future<?> done;
    private List<TokDocument> batch = new ArrayList<>(BATCH);
    private volatile boolean failed;

    TokBatchWorker(Consumer<List<TokDocument>> processor) {
        done = executor.submit(() -> {
            try {
                while (true) {
                    List<TokDocument> b = queue.take();
                    if (b == END) {
                        return null;
                    }
                    processor.accept(b);
                }
            } catch (RuntimeException | Error e) {
                failed = true;
                queue.clear();
                throw e;
            }
        });
    }

    /** Queues one document. */
    void accept(TokDocument doc) {
        batch.add(doc);
        if (batch.size() == BATCH) {
            put(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    private void put(List<TokDocument> b) {
        try {
            while (!queue.offer(b, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failed || done.isDone()) {
                    awaitWorker(); // rethrows the worker's failure
                    throw new IllegalStateException("the processing thread stopped before the end of the input");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the input", e);
        }
    }

    /** Processes what is left and waits; rethrows a failure of the processor. */
    void finish() {
        if (!batch.isEmpty()) {
            List<TokDocument> b = batch;
            batch = new ArrayList<>();
            put(b);
        }
        try {
            if (!done.isDone()) {
                queue.put(END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while processing the input", e);
        }
        awaitWorker();
    }

    private void awaitWorker() {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while processing the input", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
