package dev.tolk.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A small process-wide set of daemon threads for splitting one computation into a few parts (e.g. the column
 * blocks of a matrix product, or the ranges of an optimiser update). Threads are created once, never per call.
 *
 * <p>{@link #run(int, IntConsumer)} runs part 0 on the calling thread and the others on worker threads, and
 * returns when all parts are done. A part that itself calls {@code run} runs its parts serially (no nested
 * parallelism, so no deadlock); so does a call made while another thread is using the workers.
 *
 * <p>Hand-off cost matters more than anything else here: a training step splits a few hundred products of a
 * millisecond or less. A call allocates nothing; it publishes the task in each worker's slot and the worker,
 * which spins briefly ({@value #SPIN_NANOS} ns) after each part before parking, usually picks it up without a
 * wake-up. The caller likewise spins, then parks in short slices, while waiting for the other parts.
 */
public final class ComputeThreads {
    private static final ComputeThreads SHARED = new ComputeThreads();
    private static final ThreadLocal<Boolean> IN_PART = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** How long an idle worker (or a waiting caller) spins before parking. */
    static final long SPIN_NANOS = 200_000L;

    private final ReentrantLock dispatch = new ReentrantLock();
    private volatile Worker[] workers = new Worker[0];

    private ComputeThreads() {
        ensureWorkers(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    /** True on a thread currently running a part of {@link #run} (where a nested {@code run} is serial). */
    static boolean inPart() {
        return IN_PART.get();
    }

    /** The process-wide instance. */
    public static ComputeThreads shared() {
        return SHARED;
    }

    /**
     * Runs {@code part.accept(i)} for {@code i = 0 … parts−1}, concurrently when possible, and returns when all are
     * done. The first failure of any part is rethrown after all parts have finished.
     */
    public void run(int parts, IntConsumer part) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        if (parts == 1 || IN_PART.get() || !dispatch.tryLock()) {
            serial(parts, part);
            return;
        }
        try {
            ensureWorkers(parts - 1);
            Worker[] w = workers;
            for (int i = 1; i < parts; i++) {
                w[i - 1].post(part, i);
            }
            Throwable failure = null;
            try {
                runPart(part, 0);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (int i = 1; i < parts; i++) {
                Throwable f = w[i - 1].await();
                if (failure == null) {
                    failure = f;
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            dispatch.unlock();
        }
    }

    /** The rows {@code [from, to)} one part of {@link #forRows} handles. */
    @FunctionalInterface
    public interface RowRange {
        /** Handles rows {@code [from, to)} as part {@code part} (use the part's own scratch, if any). */
        void run(int part, int from, int to);
    }

    /**
     * How many parts {@link #forRows} splits {@code rows} rows into: as many as the matrix products' threads
     * ({@link Gemm#threads()}) when the step holds at least {@code minWork} units of {@code work}, else one (also
     * inside a part, where nested calls are serial). Callers size per-part scratch with it.
     */
    public static int partsFor(int rows, long work, long minWork) {
        int threads = Gemm.get().threads();
        return threads > 1 && rows > 1 && work >= minWork && !inPart() ? Math.min(threads, rows) : 1;
    }

    /**
     * Splits rows {@code [0, rows)} into {@link #partsFor} contiguous ranges and runs {@code body} on each,
     * concurrently when there are several. For independent rows (each row's result the same whatever the split);
     * reductions over rows belong in the caller, in row order, so results do not depend on the thread count.
     */
    public void forRows(int rows, long work, long minWork, RowRange body) {
        int parts = partsFor(rows, work, minWork);
        if (parts == 1) {
            body.run(0, 0, rows);
            return;
        }
        int per = (rows + parts - 1) / parts;
        run(parts, p -> body.run(p, Math.min(rows, p * per), Math.min(rows, (p + 1) * per)));
    }

    private static void serial(int parts, IntConsumer part) {
        for (int i = 0; i < parts; i++) {
            part.accept(i);
        }
    }

    private static void runPart(IntConsumer part, int index) {
        boolean nested = IN_PART.get();
        IN_PART.set(Boolean.TRUE);
        try {
            part.accept(index);
        } finally {
            IN_PART.set(nested);
        }
    }

    private synchronized void ensureWorkers(int count) {
        Worker[] w = workers;
        if (w.length >= count) {
            return;
        }
        Worker[] grown = java.util.Arrays.copyOf(w, count);
        for (int i = w.length; i < count; i++) {
            grown[i] = new Worker(i + 1);
        }
        workers = grown;
    }

    /** One worker thread with a single task slot: {@code posted} and {@code done} count tasks. */
    private static final class Worker implements Runnable {
        private final Thread thread;
        private volatile long posted;
        private volatile long done;
        private volatile boolean parked;
        private volatile Thread waiter;
        private IntConsumer task;
        private int index;
        private Throwable failure;

        Worker(int number) {
            thread = new Thread(this, "tolk-compute-" + number);
            thread.setDaemon(true);
            thread.start();
        }

        /** Publishes a task (called by the dispatching thread, holding the dispatch lock). */
        void post(IntConsumer t, int i) {
            task = t;
            index = i;
            failure = null;
            posted = posted + 1; // volatile write publishes the fields above
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        /** Waits for the posted task and returns its failure, if any. */
        Throwable await() {
            long target = posted;
            if (done != target) {
                long start = System.nanoTime();
                while (done != target && System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                }
                if (done != target) {
                    waiter = Thread.currentThread();
                    while (done != target) {
                        LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(50));
                    }
                    waiter = null;
                }
            }
            Throwable f = failure;
            task = null;
            return f;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                while (posted == seen && System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                }
                if (posted == seen) {
                    parked = true;
                    while (posted == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
                seen = posted;
                try {
                    runPart(task, index);
                } catch (Throwable e) {
                    failure = e;
                }
                done = seen; // volatile write publishes failure
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }
}
