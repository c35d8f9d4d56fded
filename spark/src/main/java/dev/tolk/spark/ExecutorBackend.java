package dev.tolk.spark;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide matrix-product settings of an executor JVM while translation tasks run in it: the threads, from
 * the cores Spark gives each task ({@code spark.task.cpus}), so translation never uses more cores than the executor
 * has; and the precision of the job ({@link Precision}), so tasks running side by side compute at the same one.
 *
 * <p><b>Threads.</b> {@link Gemm#setThreads(int)} is process-wide, while an executor runs
 * {@code spark.executor.cores / spark.task.cpus} tasks at once in one JVM. The rule: the setting is the
 * <em>smallest</em> {@code cpus} among the running translation tasks. With {@code k} concurrent tasks of {@code t}
 * cores each ({@code k·t} executor cores), every task's own thread computes, and at most one task at a time also uses
 * the {@code t − 1} shared compute threads (a product started while another task holds them runs on the calling
 * thread alone; see {@code dev.tolk.core.ComputeThreads}), so at most {@code k + t − 1 ≤ k·t} threads compute at any
 * moment. Results do not depend on the setting (products are cut by shape, never by thread count). A task that needs
 * fewer threads lowers the setting at once; a raise waits until no translation task is running, because a decoding
 * step sizes its per-part scratch from the thread count when it starts (lowering during a step is safe, raising is
 * not).
 *
 * <p><b>Precision.</b> {@link Gemm#setPrecision(Precision)} is process-wide too, and a translator sets its precision
 * for each call and restores the one it found afterwards: two tasks at different precisions running side by side
 * would switch each other's products mid-sentence. So the first task sets the JVM's precision, tasks at the same
 * precision join it, and a task at another precision (a second job of the application, running at once) waits until
 * the running ones have ended. Within a job every task has the job's precision, so none waits.
 *
 * <p>Thread-safe.
 */
final class ExecutorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorBackend.class);
    private static final Object LOCK = new Object();
    private static int running;

    private ExecutorBackend() {}

    /** A running task's claim; {@link #close()} ends it (idempotent). */
    static final class Claim implements AutoCloseable {
        private boolean open = true;

        @Override
        public void close() {
            synchronized (LOCK) {
                if (open) {
                    open = false;
                    running--;
                    LOCK.notifyAll();
                }
            }
        }
    }

    /**
     * Registers a task that may use {@code taskCpus} cores and computes at {@code precision}, and sets the product
     * threads and precision accordingly; waits while tasks at another precision run.
     *
     * @param taskCpus the task's cores ({@code TaskContext.cpus()}), &ge; 1
     * @return the claim to close when the task ends
     * @throws IllegalArgumentException when this JVM's backend cannot compute {@code precision} (the message says
     *     which precisions it can)
     */
    static Claim enter(int taskCpus, Precision precision) {
        return enter(taskCpus, precision, Gemm.get());
    }

    static Claim enter(int taskCpus, Precision precision, Gemm gemm) {
        if (taskCpus < 1) {
            throw new IllegalArgumentException("task cpus must be >= 1, got " + taskCpus);
        }
        if (!gemm.supports(precision)) {
            gemm.setPrecision(precision); // throws, naming the precisions there are
        }
        synchronized (LOCK) {
            boolean waited = false;
            while (running > 0 && gemm.precision() != precision) {
                waited = true;
                try {
                    LOCK.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while tasks at " + gemm.precision() + " ran", e);
                }
            }
            if (gemm.precision() != precision) {
                gemm.setPrecision(precision);
                LOG.info("matrix-product precision: {}{}", precision, waited ? " (after the other tasks ended)" : "");
            }
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
