package dev.tolk.core;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * What every {@link Gemm} backend keeps: its thread count, its precision, and the one log line that reports the
 * process-wide default backend. The line is written at the first product, when the caller has had the chance to set
 * the thread count and precision (so it reports the values that products actually use).
 */
abstract class AbstractGemm implements Gemm {
    private volatile int threads;
    private volatile Precision precision = Precision.FP32;
    /** Set on the process-wide default until its first product has logged it. */
    private volatile Logger announceTo;

    AbstractGemm(int threads) {
        setThreads(threads);
    }

    @Override
    public int threads() {
        return threads;
    }

    /** Sets the number of threads a product may use (this instance only). */
    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public void setPrecision(Precision precision) {
        Objects.requireNonNull(precision, "precision");
        if (!supports(precision)) {
            throw new IllegalArgumentException(unsupported(precision));
        }
        this.precision = precision;
    }

    /** Why {@code precision} is not available (one line, says what to do). */
    String unsupported(Precision precision) {
        return name() + " computes " + Precision.FP32 + " products only; " + precision + " needs the onednn backend (-D"
                + GemmBackend.PROPERTY + "=onednn)";
    }

    /** Makes the first product log backend, precision and threads to {@code log} (the process-wide default). */
    void announceAtFirstProduct(Logger log) {
        this.announceTo = log;
    }

    /** Called at the start of every product: logs the default backend once. */
    final void announce() {
        Logger log = announceTo;
        if (log != null) {
            synchronized (this) {
                if (announceTo != null) {
                    announceTo = null;
                    log.info("matrix products: {} backend, {} precision, {} thread(s)", name(), precision(), threads());
                }
            }
        }
    }
}
