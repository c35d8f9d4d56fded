package dev.tolk.spark;

import dev.tolk.core.Gemm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the matrix-product threads of an executor JVM from the cores Spark gives each task ({@code spark.task.cpus}),
 * so translation never uses more cores than the executor has.
 *
 * <p>{@link Gemm#setThreads(int)} is process-wide, while an executor runs {@code spark.executor.cores /
 * spark.task.cpus} tasks at once in one JVM. The rule: the setting is the <em>smallest</em> {@code cpus} among the
 * running translation tasks. With {@code k} concurrent tasks of {@code t} cores each ({@code k·t} executor cores),
 * every task's own thread computes, and at most one task at a time also uses the {@code t − 1} shared compute threads
 * (a product started while another task holds them runs on the calling thread alone; see
 * {@code dev.tolk.core.ComputeThreads}), so at most {@code k + t − 1 ≤ k·t} threads compute at any moment. Results do
 * not depend on the setting (products are cut by shape, never by thread count).
 *
 * <p>A task that needs fewer threads lowers the setting at once; a raise waits until no translation task is running,
 * because a decoding step sizes its per-part scratch from the thread count when it starts (lowering during a step is
 * safe, raising is not). Thread-safe.
 */
final class ExecutorThreads {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorThreads.class);
    private static final Object LOCK = new Object();
    private static int running;

    private ExecutorThreads() {}

    /** A running task's claim; {@link #close()} ends it (idempotent). */
    static final class Claim implements AutoCloseable {
        private boolean open = true;

        @Override
        public void close() {
            synchronized (LOCK) {
                if (open) {
                    open = false;
                    running--;
                }
            }
        }
    }

    /**
     * Registers a task that may use {@code taskCpus} cores and sets the product threads accordingly.
     *
     * @param taskCpus the task's cores ({@code TaskContext.cpus()}), &ge; 1
     * @return the claim to close when the task ends
     */
    static Claim enter(int taskCpus) {
        return enter(taskCpus, Gemm.get());
    }

    static Claim enter(int taskCpus, Gemm gemm) {
        if (taskCpus < 1) {
            throw new IllegalArgumentException("task cpus must be >= 1, got " + taskCpus);
        }
        synchronized (LOCK) {
            int current = gemm.threads();
            if (running == 0 ? current != taskCpus : taskCpus < current) {
                gemm.setThreads(taskCpus);
                LOG.info("matrix-product threads: {} (spark.task.cpus)", taskCpus);
            }
            running++;
            return new Claim();
        }
    }

    /** The number of translation tasks running in this JVM (for tests). */
    static int running() {
        synchronized (LOCK) {
            return running;
        }
    }
}
