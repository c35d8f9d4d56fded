package dev.tolk.core;

import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the process-wide {@link Gemm} backend once, at first use, and logs the choice.
 *
 * <p>OpenBLAS ({@link OpenBlasGemm}) when its native library loads, otherwise the pure-Java {@link JavaGemm}.
 * The system property {@value #PROPERTY} ({@code java} or {@code openblas}) forces one; forcing
 * {@code openblas} on a platform where it does not load is an error rather than a silent fallback. Both start
 * with as many threads as available processors.
 *
 * <p><b>Threading decision.</b> OpenBLAS's internal thread pool is pinned to one thread (its workers busy-wait
 * and collapse by 5–25× on a machine where another process competes for a core); {@link Gemm#setThreads(int)}
 * instead sets how many output blocks a large product ({@link OpenBlasGemm#PARALLEL_MIN_FLOP} flops or more) is
 * split into, each run single-threaded on a parked thread of {@link ComputeThreads#shared()}. Splitting by output
 * blocks keeps results bit-identical for every thread count. See {@link OpenBlasGemm}.
 */
final class GemmBackend {
    /** System property that overrides the choice: {@code java} or {@code openblas}. */
    static final String PROPERTY = "tolk.gemm";

    private static final Logger LOG = LoggerFactory.getLogger(GemmBackend.class);

    private GemmBackend() {}

    /** Lazily chosen default backend. */
    static final Supplier<Gemm> DEFAULT = new Supplier<>() {
        private volatile Gemm chosen;

        @Override
        public Gemm get() {
            Gemm g = chosen;
            if (g == null) {
                synchronized (this) {
                    g = chosen;
                    if (g == null) {
                        g = choose(System.getProperty(PROPERTY));
                        LOG.info("matrix products: {} backend, {} thread(s)", g.name(), g.threads());
                        chosen = g;
                    }
                }
            }
            return g;
        }
    };

    /**
     * The backend for a value of {@value #PROPERTY}: {@code null} or blank for automatic, {@code java},
     * {@code openblas}.
     *
     * @throws IllegalArgumentException for another value
     * @throws IllegalStateException when {@code openblas} is forced and does not load
     */
    static Gemm choose(String forced) {
        int threads = Runtime.getRuntime().availableProcessors();
        String f = forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT);
        switch (f) {
            case "java":
                return new JavaGemm(threads);
            case "openblas":
                try {
                    return OpenBlasGemm.load(threads);
                } catch (LinkageError | RuntimeException e) {
                    throw new IllegalStateException(
                            PROPERTY + "=openblas but OpenBLAS does not load on this platform ("
                                    + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + e,
                            e);
                }
            case "":
                try {
                    return OpenBlasGemm.load(threads);
                } catch (LinkageError | RuntimeException e) {
                    LOG.warn(
                            "OpenBLAS does not load on this platform ({}, {}); using the pure-Java matrix product: {}",
                            System.getProperty("os.name"),
                            System.getProperty("os.arch"),
                            e.toString());
                    return new JavaGemm(threads);
                }
            default:
                throw new IllegalArgumentException(
                        "system property " + PROPERTY + " must be java or openblas, got '" + forced + "'");
        }
    }
}
