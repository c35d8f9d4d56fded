package dev.tolk.cli;

import dev.tolk.core.Gemm;
import dev.tolk.core.JavaGemm;
import dev.tolk.core.OpenBlasGemm;
import dev.tolk.core.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench gemm}: single-precision matrix-product speed in GFLOP/s for the shapes of
 * {@code ../shared/BENCHMARKS.md}, each as {@code A·B}, {@code Aᵀ·B} and {@code A·Bᵀ} (the forms of the backward
 * pass) with the same {@code m, k, n}. Per shape: warm-up, then the median of several timed repetitions, each
 * lasting at least {@code --min-time} seconds. {@code bench/torch_mm.py} measures {@code torch.mm} the same way.
 */
@Command(
        name = "gemm",
        description = "Matrix-product speed (GFLOP/s) of the Gemm backends.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class BenchGemmCommand implements Runnable {

    /** Which backends to measure. */
    enum Backend {
        auto,
        openblas,
        java,
        all
    }

    /** The three operand layouts: A·B, Aᵀ·B (A stored [k, m]), A·Bᵀ (B stored [n, k]). */
    private static final String[] OPS = {"AB", "AtB", "ABt"};

    /** Standard shapes {m, k, n}. */
    static final int[][] STANDARD_SHAPES = {{64, 256, 768}, {64, 512, 1536}, {1024, 512, 8000}};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads per product (default: available processors, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

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
            description = "Warm-up time per shape, after at least 3 calls (default: ${DEFAULT-VALUE}).")
    double warmup = 0.5;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    /** One measured product. */
    record Result(
            String backend,
            int threads,
            int m,
            int k,
            int n,
            String op,
            double gflops,
            double msPerCall,
            int callsPerRepetition) {
        String shape() {
            return m + "x" + k + "*" + k + "x" + n;
        }
    }

    @Override
    public void run() {
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1, got " + threads);
        }
        if (repetitions < 1) {
            throw new UsageException("--repetitions must be at least 1, got " + repetitions);
        }
        if (!(minTime >= 0) || !(warmup >= 0)) {
            throw new UsageException("--min-time and --warmup must be >= 0 seconds, got " + minTime + " and " + warmup);
        }
        int[][] products = shapes.isEmpty() ? STANDARD_SHAPES : parseShapes(shapes);
        List<Result> results = new ArrayList<>();
        for (Gemm g : backends()) {
            for (int[] s : products) {
                for (String op : OPS) {
                    results.add(measure(g, s[0], s[1], s[2], op));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(results) : toTable(results));
        out.flush();
    }

    private List<Gemm> backends() {
        List<Gemm> list = new ArrayList<>();
        switch (backend) {
            case auto -> list.add(Gemm.get());
            case openblas -> list.add(OpenBlasGemm.load(threads));
            case java -> list.add(new JavaGemm(threads));
            case all -> {
                list.add(OpenBlasGemm.load(threads));
                list.add(new JavaGemm(threads));
            }
            default -> throw new IllegalStateException("unknown backend " + backend);
        }
        for (Gemm g : list) {
            g.setThreads(threads);
        }
        return list;
    }

    private Result measure(Gemm g, int m, int k, int n, String op) {
        boolean transA = op.equals("AtB");
        boolean transB = op.equals("ABt");
        SplittableRandom rnd = new SplittableRandom(1);
        Tensor a = random(rnd, transA ? k : m, transA ? m : k);
        Tensor b = random(rnd, transB ? n : k, transB ? k : n);
        Tensor c = Tensor.zeros(m, n);
        double flop = 2.0 * m * n * k;
        // Warm-up (JIT compilation, thread start, page faults), which also sizes one repetition.
        long start = System.nanoTime();
        long warmupEnd = start + (long) (warmup * 1e9);
        int calls = 0;
        long now;
        do {
            g.gemm(transA, transB, 1f, a, b, 0f, c);
            calls++;
            now = System.nanoTime();
        } while (calls < 3 || now < warmupEnd);
        long t0 = System.nanoTime();
        g.gemm(transA, transB, 1f, a, b, 0f, c);
        double once = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        int perRep = (int) Math.max(1, Math.min(1_000_000, Math.ceil(minTime / once)));
        double[] seconds = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < perRep; i++) {
                g.gemm(transA, transB, 1f, a, b, 0f, c);
            }
            seconds[r] = (System.nanoTime() - s) / 1e9 / perRep;
        }
        double median = median(seconds);
        return new Result(g.name(), g.threads(), m, k, n, op, flop / median / 1e9, median * 1e3, perRep);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }

    private static Tensor random(SplittableRandom rnd, int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) (rnd.nextDouble() * 2 - 1));
        }
        return t;
    }

    static int[][] parseShapes(List<String> specs) {
        int[][] out = new int[specs.size()][];
        for (int i = 0; i < out.length; i++) {
            String[] parts = specs.get(i).toLowerCase(Locale.ROOT).split("x");
            int[] s = new int[3];
            boolean ok = parts.length == 3;
            for (int d = 0; ok && d < 3; d++) {
                try {
                    s[d] = Integer.parseInt(parts[d].trim());
                    ok = s[d] >= 1;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new UsageException(
                        "--shape must be MxKxN with positive integers (e.g. 64x512x1536), got '" + specs.get(i) + "'");
            }
            out[i] = s;
        }
        return out;
    }

    private String toTable(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%-18s %7s  %-20s %-4s %10s %12s%n",
                "backend",
                "threads",
                "m x k * k x n",
                "op",
                "GFLOP/s",
                "ms/product"));
        for (Result r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-18s %7d  %-20s %-4s %10.1f %12.3f%n",
                    r.backend(),
                    r.threads(),
                    r.shape(),
                    r.op(),
                    r.gflops(),
                    r.msPerCall()));
        }
        return sb.toString();
    }

    private String toJson(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"benchmark\":\"gemm\",\"threads\":")
                .append(threads)
                .append(",\"repetitions\":")
                .append(repetitions)
                .append(",\"default_backend\":\"")
                .append(Gemm.get().name())
                .append("\",\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sb.append(i == 0 ? "" : ",")
                    .append("{\"backend\":\"")
                    .append(r.backend())
                    .append('"')
                    .append(",\"threads\":")
                    .append(r.threads())
                    .append(",\"shape\":\"")
                    .append(r.shape())
                    .append('"')
                    .append(",\"op\":\"")
                    .append(r.op())
                    .append('"')
                    .append(",\"m\":")
                    .append(r.m())
                    .append(",\"n\":")
                    .append(r.n())
                    .append(",\"k\":")
                    .append(r.k())
                    .append(",\"gflops\":")
                    .append(String.format(Locale.ROOT, "%.2f", r.gflops()))
                    .append(",\"ms_per_product\":")
                    .append(String.format(Locale.ROOT, "%.4f", r.msPerCall()))
                    .append(",\"calls_per_repetition\":")
                    .append(r.callsPerRepetition())
                    .append('}');
        }
        return sb.append("]}").append(System.lineSeparator()).toString();
    }
}
