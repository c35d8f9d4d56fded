package dev.tolk.cli;

import dev.tolk.core.Gemm;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}, the one definition for every command that runs matrix products: 1 to {@value #MAX}
 * threads, or 0 for all available cores (the rule of the {@code train.threads} setting). Use as
 * {@code @Mixin ThreadsOption threads = new ThreadsOption(DEFAULT);}; values are checked when read, as usage errors.
 */
public final class ThreadsOption {
    /** The most threads accepted. */
    public static final int MAX = 1024;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Matrix-product threads: 1 to 1024, or 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    /** Defaults to all cores (0). */
    public ThreadsOption() {
        this(0);
    }

    /** @param defaultThreads the command's default, 0 for all cores */
    public ThreadsOption(int defaultThreads) {
        this.threads = defaultThreads;
    }

    /**
     * @return the value as given: 0 (all cores) or 1 to {@value #MAX}
     * @throws UsageException when it is out of range
     */
    public int value() {
        if (threads < 0 || threads > MAX) {
            throw new UsageException("--threads must be in [0, " + MAX + "] (0 = all cores), got " + threads);
        }
        return threads;
    }

    /** @return the number of threads to use: {@link #value()} with 0 resolved to the available processors */
    public int resolve() {
        int v = value();
        return v == 0 ? Runtime.getRuntime().availableProcessors() : v;
    }

    /**
     * For commands whose decoding workers share the cores ({@code serve}): 0 (all cores) gives each worker an equal
     * share, {@code cores / workers}, at least 1.
     *
     * @return the threads of each worker
     */
    public int perWorker(int workers) {
        int v = value();
        return v == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers) : v;
    }

    /**
     * Sets the matrix-product backend's threads to {@link #resolve()}.
     *
     * @return the threads set
     */
    public int apply() {
        int n = resolve();
        Gemm.get().setThreads(n);
        return n;
    }
}
