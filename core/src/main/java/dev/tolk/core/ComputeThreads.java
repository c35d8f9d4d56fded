package dev.tolk.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A small process-wide pool of daemon threads for splitting one computation into a few parts (e.g. the column
 * blocks of a matrix product, or the two halves of a batch). Threads are created once, never per call.
 *
 * <p>{@link #run(int, IntConsumer)} runs part 0 on the calling thread and the others on pool threads, and
 * returns when all parts are done. A part that itself calls {@code run} runs its parts serially (no nested
 * parallelism, so no deadlock).
 */
public final class ComputeThreads {
  private static final ComputeThreads SHARED = new ComputeThreads();
  private static final ThreadLocal<Boolean> IN_PART = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private final ThreadPoolExecutor pool;

  private ComputeThreads() {
    int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "tolk-compute-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
  }

  /** True on a thread currently running a part of {@link #run} (where a nested {@code run} is serial). */
  static boolean inPart() {
    return IN_PART.get();
  }

  /** The process-wide pool. */
  public static ComputeThreads shared() {
    return SHARED;
  }

  /**
   * Runs {@code part.accept(i)} for {@code i ∈ [0, parts)}, part 0 on the calling thread, and waits for all.
   * The pool grows to {@code parts - 1} threads if it is smaller. An exception thrown by a part is rethrown
   * (unchecked) after all parts finished.
   */
  public void run(int parts, IntConsumer part) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, got " + parts);
    }
    if (parts == 1 || IN_PART.get()) {
      for (int i = 0; i < parts; i++) {
        part.accept(i);
      }
      return;
    }
    ensureWorkers(parts - 1);
    Future<?>[] futures = new Future<?>[parts - 1];
    for (int i = 1; i < parts; i++) {
      int index = i;
      futures[i - 1] = pool.submit(() -> runPart(part, index));
    }
    Throwable failure = null;
    try {
      runPart(part, 0);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (Future<?> f : futures) {
      try {
        awaitUninterruptibly(f);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
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
  }

  private static void runPart(IntConsumer part, int index) {
    IN_PART.set(Boolean.TRUE);
    try {
      part.accept(index);
    } finally {
      IN_PART.set(Boolean.FALSE);
    }
  }

  private static void awaitUninterruptibly(Future<?> f) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void ensureWorkers(int workers) {
    if (pool.getMaximumPoolSize() < workers) {
      pool.setMaximumPoolSize(workers);
      pool.setCorePoolSize(workers);
    }
  }
}
