package dev.tolk.spark;

import dev.tolk.core.Precision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models loaded in one executor JVM, kept for the JVM's life and shared by all the tasks it runs, so a model is
 * read and checked once per executor, not once per partition.
 *
 * <p>A translator is not thread-safe, and an executor may run several tasks at once ({@code spark.executor.cores /
 * spark.task.cpus}); so each model has a pool: a task leases a translator, and a task that finds none free loads
 * another (checked again). The pool thus grows to the number of tasks that ran at once, and with one task per executor
 * (e.g. {@code spark.task.cpus = spark.executor.cores}) there is exactly one model per executor. Loading another model
 * drops the idle translators of the others. A translator computes at one precision, so the pools are per model and
 * precision. Thread-safe.
 */
final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<Key, Deque<TranslatorAdapter>> IDLE = new LinkedHashMap<>();
    private static int loads;

    private ExecutorModels() {}

    /** A pool: one model at one precision. */
    private record Key(ModelSource source, Precision precision) {}

    /** A translator leased by one task; {@link #close()} returns it (idempotent). */
    static final class Lease implements AutoCloseable {
        private final Key key;
        private TranslatorAdapter adapter;

        private Lease(Key key, TranslatorAdapter adapter) {
            this.key = key;
            this.adapter = adapter;
        }

        TranslatorAdapter adapter() {
            if (adapter == null) {
                throw new IllegalStateException("the lease of " + key.source().uri() + " was returned");
            }
            return adapter;
        }

        @Override
        public void close() {
            TranslatorAdapter a;
            synchronized (IDLE) {
                a = adapter;
                adapter = null;
                if (a != null) {
                    IDLE.computeIfAbsent(key, s -> new ArrayDeque<>()).push(a);
                }
            }
        }
    }

    /**
     * Leases a translator of {@code source} at {@code precision}, loading (and checking: SHA-256 against the
     * driver's, then magic, version, checksum) the model when no loaded one is free.
     *
     * @throws IOException when the model cannot be read or is not the valid file the driver checked
     * @throws IllegalArgumentException when this JVM's backend cannot compute {@code precision}
     */
    static Lease lease(ModelSource source, Precision precision) throws IOException {
        Key key = new Key(source, precision);
        synchronized (IDLE) {
            Deque<TranslatorAdapter> idle = IDLE.get(key);
            if (idle != null && !idle.isEmpty()) {
                return new Lease(key, idle.pop());
            }
            for (Iterator<Key> it = IDLE.keySet().iterator(); it.hasNext(); ) {
                if (!it.next().equals(key)) {
                    it.remove();
                }
            }
        }
        Path file = source.localPath();
        long start = System.nanoTime();
        source.verify(file);
        TranslatorAdapter adapter = TranslatorAdapter.load(file, precision);
        int n;
        synchronized (IDLE) {
            n = ++loads;
        }
        LOG.info(
                "model {} loaded and checked in {} ms for {} products (SHA-256 {}; load {} in this JVM)",
                file,
                (System.nanoTime() - start) / 1_000_000,
                precision,
                source.sha256(),
                n);
        return new Lease(key, adapter);
    }

    /** How many models this JVM has loaded (for tests). */
    static int loads() {
        synchronized (IDLE) {
            return loads;
        }
    }
}
