package dev.tolk.core;

import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the process-wide {@link Gemm} backend once, at first use.
 *
 * <p>oneDNN ({@link OneDnnGemm}) when its native library loads on this platform and its threads can be kept to one
 * per call, otherwise OpenBLAS ({@link OpenBlasGemm}) when its native library loads, otherwise the pure-Java
 * {@link JavaGemm}; each fallback is logged with the reason. The system property {@value #PROPERTY}
 * ({@code onednn}, {@code openblas} or {@code java}) forces one; forcing a native backend where it does not load is
 * an error rather than a silent fallback. All start in {@link Precision#FP32} with as many threads as available
 * processors; the choice is logged at the first product, with the precision and thread count the caller set by
 * then.
 *
 * <p><b>Threading decision.</b> The native libraries' own thread pools are kept at <em>one</em> thread (their
 * workers busy-wait and collapse by 5–25× on a machine where another process competes for a core);
 * {@link Gemm#setThreads(int)} instead sets over how many parked threads of {@link ComputeThreads#shared()} the
 * output blocks of a large product ({@link OutputBlocks}) are shared out. Cutting by shape keeps results
 * bit-identical for every thread count. See {@link OpenBlasGemm} and {@link OneDnnGemm}.
 */
final class GemmBackend {
    /** System property that overrides the choice: {@code onednn}, {@code openblas} or {@code java}. */
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
                        if (g instanceof AbstractGemm ag) {
                            ag.announceAtFirstProduct(LOG);
                        }
                        chosen = g;
                    }
                }
            }
            return g;
        }
    };

    /**
     * The backend for a value of {@value #PROPERTY}: {@code null} or blank for automatic, {@code onednn},
     * {@code openblas}, {@code java}.
     *
     * @throws IllegalArgumentException for another value
     * @throws IllegalStateException when a native backend is forced and does not load
     */
    static Gemm choose(String forced) {
        return choose(forced, OneDnnGemm::load, OpenBlasGemm::load);
    }

    /**
     * {@link #choose(String)} with the native backends created by {@code oneDnn} and {@code openBlas} (given the
     * thread count), so that tests can make them fail to load.
     */
    static Gemm choose(String forced, IntFunction<Gemm> oneDnn, IntFunction<Gemm> openBlas) {
        int threads = Runtime.getRuntime().availableProcessors();
        String f = forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT);
        switch (f) {
            case "java":
                return new JavaGemm(threads);
            case "openblas":
                return forcedLoad("openblas", "OpenBLAS", openBlas, threads);
            case "onednn":
                return forcedLoad("onednn", "oneDNN", oneDnn, threads);
            case "":
                try {
                    return oneDnn.apply(threads);
                } catch (LinkageError | RuntimeException e) {
                    LOG.warn(
                            "oneDNN does not load on this platform ({}); trying OpenBLAS: {}",
                            platform(),
                            e.toString());
                }
                try {
                    return openBlas.apply(threads);
                } catch (LinkageError | RuntimeException e) {
                    LOG.warn(
                            "OpenBLAS does not load on this platform ({}); using the pure-Java matrix product: {}",
                            platform(),
                            e.toString());
                    return new JavaGemm(threads);
                }
            default:
                throw new IllegalArgumentException(
                        "system property " + PROPERTY + " must be onednn, openblas or java, got '" + forced + "'");
        }
    }

    private static Gemm forcedLoad(String id, String library, IntFunction<Gemm> load, int threads) {
        try {
            return load.apply(threads);
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException(
                    PROPERTY + "=" + id + " but " + library + " does not load on this platform (" + platform() + "): "
                            + e,
                    e);
        }
    }

    private static String platform() {
        return System.getProperty("os.name") + ", " + System.getProperty("os.arch");
    }
}
