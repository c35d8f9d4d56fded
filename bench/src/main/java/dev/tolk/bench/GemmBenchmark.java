package dev.tolk.bench;

import dev.tolk.core.Gemm;
import dev.tolk.core.JavaGemm;
import dev.tolk.core.OpenBlasGemm;
import dev.tolk.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Single-precision matrix-product speed in GFLOP/s, each shape as {@code A·B}, {@code Aᵀ·B} and {@code A·Bᵀ} (the
 * forms of the backward pass) with the same {@code m, k, n}. Per shape and form: warm-up for at least
 * {@code warmupSeconds} (and 3 calls), then the median of {@code repetitions} timed repetitions, each lasting at
 * least {@code minSeconds}. {@code bench/torch_mm.py} measures {@code torch.mm} the same way.
 */
public final class GemmBenchmark {

    /** Which backends to measure. */
    public enum Backend {
        /** The process-wide default ({@link Gemm#get()}). */
        AUTO,
        /** OpenBLAS. */
        OPENBLAS,
        /** The pure-Java product. */
        JAVA,
        /** OpenBLAS and pure Java. */
        ALL
    }

    /** The three operand layouts: A·B, Aᵀ·B (A stored [k, m]), A·Bᵀ (B stored [n, k]). */
    private static final String[] OPS = {"AB", "AtB", "ABt"};

    /**
     * @param threads threads per product, &ge; 1
     * @param backend which backends
     * @param shapes the products
     * @param repetitions timed repetitions per product, &ge; 1
     * @param minSeconds the least duration of one repetition
     * @param warmupSeconds warm-up time per product
     */
    public record Config(
            int threads,
            Backend backend,
            List<GemmShape> shapes,
            int repetitions,
            double minSeconds,
            double warmupSeconds) {
        /** Validates. */
        public Config {
            if (threads < 1 || repetitions < 1 || !(minSeconds >= 0) || !(warmupSeconds >= 0) || shapes.isEmpty()) {
                throw new IllegalArgumentException("invalid gemm benchmark configuration: threads " + threads
                        + ", repetitions " + repetitions + ", times " + minSeconds + "/" + warmupSeconds + ", "
                        + shapes.size() + " shapes");
            }
            shapes = List.copyOf(shapes);
        }
    }

    /**
     * One measured product.
     *
     * @param backend the backend's name
     * @param threads its threads
     * @param shape the product
     * @param op {@code AB}, {@code AtB} or {@code ABt}
     * @param gflops billions of floating-point operations per second, {@code 2·m·n·k / time}
     * @param msPerProduct median milliseconds per product
     * @param callsPerRepetition products per timed repetition
     */
    public record Measurement(
            String backend,
            int threads,
            GemmShape shape,
            String op,
            double gflops,
            double msPerProduct,
            int callsPerRepetition) {
        Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("backend", backend);
            f.put("threads", threads);
            f.put("shape", shape.label());
            f.put("op", op);
            f.put("m", shape.m());
            f.put("n", shape.n());
            f.put("k", shape.k());
            f.put("gflops", Timings.round(gflops, 2));
            f.put("ms_per_product", Timings.round(msPerProduct, 4));
            f.put("calls_per_repetition", callsPerRepetition);
            return f;
        }
    }

    /**
     * All measurements of a run.
     *
     * @param threads the requested threads
     * @param repetitions timed repetitions per product
     * @param defaultBackend the name of the process-wide default backend
     * @param measurements one per backend, shape and layout
     */
    public record Report(int threads, int repetitions, String defaultBackend, List<Measurement> measurements)
            implements BenchmarkResult {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("benchmark", "gemm");
            f.put("threads", threads);
            f.put("repetitions", repetitions);
            f.put("default_backend", defaultBackend);
            f.put("results", measurements.stream().map(Measurement::fields).toList());
            return f;
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-18s %7s  %-20s %-4s %10s %12s%n",
                    "backend",
                    "threads",
                    "m x k * k x n",
                    "op",
                    "GFLOP/s",
                    "ms/product"));
            for (Measurement r : measurements) {
                sb.append(String.format(
                        Locale.ROOT,
                        "%-18s %7d  %-20s %-4s %10.1f %12.3f%n",
                        r.backend(),
                        r.threads(),
                        r.shape().label(),
                        r.op(),
                        r.gflops(),
                        r.msPerProduct()));
            }
            return sb.toString();
        }
    }

    private GemmBenchmark() {}

    /** Measures every backend, shape and layout of {@code config}. */
    public static Report run(Config config) {
        List<Measurement> results = new ArrayList<>();
        for (Gemm g : backends(config)) {
            for (GemmShape s : config.shapes()) {
                for (String op : OPS) {
                    results.add(measure(g, s, op, config));
                }
            }
        }
        return new Report(config.threads(), config.repetitions(), Gemm.get().name(), results);
    }

    private static List<Gemm> backends(Config config) {
        int threads = config.threads();
        List<Gemm> list = switch (config.backend()) {
            case AUTO -> List.of(Gemm.get());
            case OPENBLAS -> List.of(OpenBlasGemm.load(threads));
            case JAVA -> List.of(new JavaGemm(threads));
            case ALL -> List.of(OpenBlasGemm.load(threads), new JavaGemm(threads));
        };
        for (Gemm g : list) {
            g.setThreads(threads);
        }
        return list;
    }

    private static Measurement measure(Gemm g, GemmShape s, String op, Config config) {
        int m = s.m();
        int k = s.k();
        int n = s.n();
        boolean transA = op.equals("AtB");
        boolean transB = op.equals("ABt");
        SplittableRandom rnd = new SplittableRandom(1);
        Tensor a = random(rnd, transA ? k : m, transA ? m : k);
        Tensor b = random(rnd, transB ? n : k, transB ? k : n);
        Tensor c = Tensor.zeros(m, n);
        double flop = 2.0 * m * n * k;
        // Warm-up (JIT compilation, thread start, page faults), which also sizes one repetition.
        long warmupEnd = System.nanoTime() + (long) (config.warmupSeconds() * 1e9);
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
        int perRep = (int) Math.max(1, Math.min(1_000_000, Math.ceil(config.minSeconds() / once)));
        double[] seconds = new double[config.repetitions()];
        for (int r = 0; r < seconds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < perRep; i++) {
                g.gemm(transA, transB, 1f, a, b, 0f, c);
            }
            seconds[r] = (System.nanoTime() - start) / 1e9 / perRep;
        }
        double median = Timings.median(seconds);
        return new Measurement(g.name(), g.threads(), s, op, flop / median / 1e9, median * 1e3, perRep);
    }

    private static Tensor random(SplittableRandom rnd, int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) (rnd.nextDouble() * 2 - 1));
        }
        return t;
    }
}
