package dev.tolk.serve;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching: requests from many clients are decoded together, so that the model runs on batches as
 * {@code tolk translate} does. Each decoding thread (a worker) owns one {@link SentenceTranslator} (a model copy);
 * requests wait in one queue bounded in sentences ({@link RejectedException} beyond it: never an unbounded queue),
 * and an idle worker takes the next batch. Several workers decode several batches at once: on small models one
 * thread per batch uses the cores better than splitting each product of one batch over the cores.
 *
 * <p>The batching rule: the oldest waiting request starts a batch; every waiting request with the same
 * {@link DecodeSettings} joins it while the batch stays within {@code maxBatchSentences} (the oldest request is
 * always taken, however large). Unless the batch is full, the batcher first waits until the oldest request has
 * waited {@code window}, so that requests arriving together are decoded together. Requests with other settings
 * wait for a later batch, oldest first.
 *
 * <p>Lifecycle: created running; {@link #close()} refuses new requests, decodes those already queued, then stops
 * the threads. A failure while decoding fails that batch's requests only.
 */
public final class DynamicBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    private final ServeMetrics metrics;
    private final long windowNanos;
    private final int maxBatchSentences;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private int queuedSentences;
    private boolean closed;

    private record Job(
            List<String> texts, DecodeSettings settings, CompletableFuture<List<Translation>> result, long arrived) {}

    /** A batcher with one worker; see {@link #DynamicBatcher(List, Duration, int, int, ServeMetrics)}. */
    public DynamicBatcher(
            SentenceTranslator translator, Duration window, int maxBatchSentences, int capacity, ServeMetrics metrics) {
        this(List.of(translator), window, maxBatchSentences, capacity, metrics);
    }

    /**
     * Starts one worker thread per translator.
     *
     * @param translators one model copy per worker; only its worker calls its {@link SentenceTranslator#translate}
     * @param window how long the oldest request may wait for others to join its batch
     * @param maxBatchSentences the most sentences per batch, &ge; 1
     * @param capacity the most sentences waiting, &ge; 1
     * @param metrics receives queue depths and batch sizes
     */
    public DynamicBatcher(
            List<? extends SentenceTranslator> translators,
            Duration window,
            int maxBatchSentences,
            int capacity,
            ServeMetrics metrics) {
        if (translators.isEmpty()) {
            throw new IllegalArgumentException("at least one translator is needed");
        }
        if (maxBatchSentences < 1 || capacity < 1 || window.isNegative()) {
            throw new IllegalArgumentException("maxBatchSentences and capacity must be >= 1 and window >= 0, got "
                    + maxBatchSentences + ", " + capacity + " and " + window);
        }
        this.metrics = metrics;
        this.windowNanos = window.toNanos();
        this.maxBatchSentences = maxBatchSentences;
        this.capacity = capacity;
        for (int i = 0; i < translators.size(); i++) {
            SentenceTranslator t = translators.get(i);
            Thread worker = new Thread(() -> run(t), "tolk-batcher-" + (workers.size() + 1));
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    /**
     * Queues sentences for translation.
     *
     * @param texts at most the capacity
     * @param settings how to decode them
     * @return completes with one translation per text, in order, or exceptionally when decoding failed
     * @throws RejectedException when the queue cannot take {@code texts} now, or the batcher is closed
     */
    public CompletableFuture<List<Translation>> submit(List<String> texts, DecodeSettings settings) {
        if (texts.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Job job = new Job(List.copyOf(texts), settings, new CompletableFuture<>(), System.nanoTime());
        lock.lock();
        try {
            if (closed) {
                throw RejectedException.shutdown();
            }
            if (queuedSentences + texts.size() > capacity) {
                throw RejectedException.overCapacity(queuedSentences, capacity, texts.size());
            }
            queue.addLast(job);
            queuedSentences += texts.size();
            metrics.queueDepth(queuedSentences);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return job.result();
    }

    /** @return sentences waiting (not those being decoded) */
    public int queuedSentences() {
        lock.lock();
        try {
            return queuedSentences;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new requests; those queued are still decoded. Returns at once: see {@link #awaitTermination}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param timeout the longest wait
     * @return true when the workers have ended (everything queued before {@link #close()} was answered)
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Thread w : workers) {
            w.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
        return workers.stream().noneMatch(Thread::isAlive);
    }

    private void run(SentenceTranslator translator) {
        while (true) {
            List<Job> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failQueued(new IllegalStateException("the batcher was interrupted"));
                return;
            }
            if (batch == null) {
                return;
            }
            decode(translator, batch);
        }
    }

    /**
     * Waits for the next batch; null when closed and drained. While one worker waits out the window of the oldest
     * request, another may take that request: the waiting worker then starts over with the new oldest request, so
     * a batch is never empty and always starts with the oldest waiting request.
     */
    private List<Job> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                while (queue.isEmpty()) {
                    if (closed) {
                        return null;
                    }
                    changed.await();
                }
                Job first = queue.peekFirst();
                long deadline = first.arrived() + windowNanos;
                while (!closed && queue.peekFirst() == first && sentencesLike(first) < maxBatchSentences) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    changed.awaitNanos(wait);
                }
                if (queue.peekFirst() != first) {
                    continue; // another worker took it
                }
                List<Job> batch = new ArrayList<>();
                int size = 0;
                for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
                    Job j = it.next();
                    int n = j.texts().size();
                    if (j.settings().equals(first.settings()) && (batch.isEmpty() || size + n <= maxBatchSentences)) {
                        batch.add(j);
                        size += n;
                        it.remove();
                    }
                }
                queuedSentences -= size;
                metrics.queueDepth(queuedSentences);
                return batch;
            }
        } finally {
            lock.unlock();
        }
    }

    private int sentencesLike(Job first) {
        int n = 0;
        for (Job j : queue) {
            if (j.settings().equals(first.settings())) {
                n += j.texts().size();
            }
        }
        return n;
    }

    private void decode(SentenceTranslator translator, List<Job> batch) {
        List<String> texts = new ArrayList<>();
        batch.forEach(j -> texts.addAll(j.texts()));
        List<Translation> results;
        try {
            results = translator.translate(texts, batch.get(0).settings());
            if (results.size() != texts.size()) {
                throw new IllegalStateException(
                        "the translator returned " + results.size() + " results for " + texts.size() + " inputs");
            }
        } catch (Throwable t) { // a failing batch fails its requests, never the service
            LOG.error("translating a batch of {} sentences failed", texts.size(), t);
            metrics.batchFailed();
            batch.forEach(j -> j.result().completeExceptionally(t));
            return;
        }
        metrics.batchDecoded(texts.size());
        int at = 0;
        for (Job j : batch) {
            int n = j.texts().size();
            j.result().complete(List.copyOf(results.subList(at, at + n)));
            at += n;
        }
    }

    private void failQueued(Throwable t) {
        lock.lock();
        try {
            closed = true;
            queue.forEach(j -> j.result().completeExceptionally(t));
            queue.clear();
            queuedSentences = 0;
            metrics.queueDepth(0);
        } finally {
            lock.unlock();
        }
    }

    /** For tests: waits until {@code sentences} are queued, at most {@code timeout}. */
    boolean awaitQueued(int sentences, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (queuedSentences < sentences) {
                long wait = end - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                changed.await(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
