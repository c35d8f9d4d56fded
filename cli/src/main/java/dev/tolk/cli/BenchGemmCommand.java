package dev.tolk.cli;

import dev.tolk.bench.GemmBenchmark;
import dev.tolk.bench.GemmShape;
import dev.tolk.core.Precision;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench gemm}: matrix-product speed in GFLOP/s of the standard shapes or {@code --shape}s, each as
 * {@code A·B}, {@code Aᵀ·B} and {@code A·Bᵀ} ({@link GemmBenchmark}).
 */
@Command(
        name = "gemm",
        description = "Matrix-product speed (GFLOP/s) of the Gemm backends.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class BenchGemmCommand implements Runnable {

    /** Which backends to measure, as typed. */
    enum Backend {
        auto,
        openblas,
        java,
        all
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description = "auto (the default backend), openblas, java or all (default: ${DEFAULT-VALUE}).")
    Backend backend = Backend.auto;

    @Option(
            names = "--shape",
            paramLabel = "MxKxN",
            description = "A product of [M, K]·[K, N] to measure instead of the standard ones (repeatable).")
    List<String> shapes = new ArrayList<>();

    @Option(
            names = "--repetitions",
            paramLabel = "R",
            description = "Timed repetitions per shape; the median is reported (default: ${DEFAULT-VALUE}).")
    int repetitions = 7;

    @Option(
            names = "--min-time",
            paramLabel = "SECONDS",
            description = "Minimum duration of one repetition (default: ${DEFAULT-VALUE}).")
    double minTime = 0.1;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description = "Warm-up time per shape and layout, after at least 3 calls; the run first warms up every"
                    + " layout and precision of the first shape as long (default: ${DEFAULT-VALUE}).")
    double warmup = 0.5;

    @Option(
            names = "--precision",
            paramLabel = "fp32|bf16|int8",
            split = ",",
            description = "Precisions to measure, comma-separated, e.g. fp32,bf16,int8 (bf16 and int8 need the onednn"
                    + " backend); with fp32 among them each row also gives its ratio to fp32 (default: fp32).")
    List<String> precisions = new ArrayList<>(List.of("fp32"));

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public void run() {
        int n = threads.resolve();
        UsageException.atLeast("--repetitions", repetitions, 1);
        if (!(minTime >= 0) || !(warmup >= 0)) {
            throw new UsageException("--min-time and --warmup must be >= 0 seconds, got " + minTime + " and " + warmup);
        }
        List<GemmShape> products = new ArrayList<>();
        for (String s : shapes) {
            try {
                products.add(GemmShape.parse(s));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--shape: " + e.getMessage());
            }
        }
        List<Precision> ps = new ArrayList<>();
        for (String p : precisions) {
            try {
                Precision parsed = Precision.parse(p);
                if (!ps.contains(parsed)) {
                    ps.add(parsed);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--precision: " + e.getMessage());
            }
        }
        GemmBenchmark.Config config = new GemmBenchmark.Config(
                n,
                GemmBenchmark.Backend.valueOf(backend.name().toUpperCase(java.util.Locale.ROOT)),
                products.isEmpty() ? GemmShape.STANDARD : products,
                repetitions,
                minTime,
                warmup,
                ps);
        BenchCommand.print(spec, GemmBenchmark.run(config), json);
    }
}
