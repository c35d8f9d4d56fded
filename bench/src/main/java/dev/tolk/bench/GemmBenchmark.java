package dev.tolk.bench;

import dev.tolk.core.Gemm;
import dev.tolk.core.JavaGemm;
import dev.tolk.core.OpenBlasGemm;
import dev.tolk.core.Parameter;
import dev.tolk.core.Precision;
import dev.tolk.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Matrix-product speed in GFLOP/s at one or more {@link Precision}s (every backend computes fp32, oneDNN also bf16
 * and int8: the right operand {@code B} is then a weight, converted or quantised once, the left one per product,
 * as in a model), each shape as {@code A·B}, {@code Aᵀ·B} and {@code A·Bᵀ} (the
 * forms of the backward pass) with the same {@code m, k, n}. Per shape and form: warm-up for at least
 * {@code warmupSeconds} (and 3 calls), then the median of {@code repetitions} timed repetitions, each lasting at
 * least {@code minSeconds}. {@code bench/torch_mm.py} measures {@code torch.mm} the same way.
 *
 * <p>Before its first measurement, each backend computes every form and precision of the first shape for
 * {@code warmupSeconds} each (and 3 calls), untimed: while HotSpot still compiles the call path, the first
 * measurement of a run read up to 20% low (64×256·256×768 fp32 on 2 threads: 319–351 GFLOP/s measured first,
 * 399–408 measured again later in the same run).
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
     * @param precisions the precisions to measure, each on every backend (which must compute it)
     */
    public record Config(
            int threads,
            Backend backend,
            List<GemmShape> shapes,
            int repetitions,
            double minSeconds,
            double warmupSeconds,
            List<Precision> precisions) {
        /** Validates. */
        public Config {
            if (threads < 1
                    || repetitions < 1
                    || !(minSeconds >= 0)
                    || !(warmupSeconds >= 0)
                    || shapes.isEmpty()
                    || precisions.isEmpty()) {
                throw new IllegalArgumentException("invalid gemm benchmark configuration: threads " + threads
                        + ", repetitions " + repetitions + ", times " + minSeconds + "/" + warmupSeconds + ", "
                        + shapes.size() + " shapes, " + precisions.size() + " precisions");
            }
            shapes = List.copyOf(shapes);
            precisions = List.copyOf(precisions);
        }

        /** A float32 configuration. */
        public Config(
                int threads,
                Backend backend,
                List<GemmShape> shapes,
                int repetitions,
                double minSeconds,
                double warmupSeconds) {
            this(threads, backend, shapes, repetitions, minSeconds, warmupSeconds, List.of(Precision.FP32));
        }
    }

    /**
     * One measured product.
     *
     * @param backend the backend's name
     * @param precision the precision of the product
     * @param threads its threads
     * @param shape the product
     * @param op {@code AB}, {@code AtB} or {@code ABt}
     * @param gflops billions of floating-point operations per second, {@code 2·m·n·k / time}
     * @param msPerProduct median milliseconds per product
     * @param callsPerRepetition products per timed repetition
     * @param fp32Ratio GFLOP/s over the same backend's, shape's and layout's fp32 GFLOP/s in this run (null unless
     *     fp32 and another precision were measured)
     */
    public record Measurement(
            String backend,
            Precision precision,
            int threads,
            GemmShape shape,
            String op,
            double gflops,
            double msPerProduct,
            int callsPerRepetition,
            Double fp32Ratio) {
        Measurement withFp32Ratio(double ratio) {
            return new Measurement(
                    backend, precision, threads, shape, op, gflops, msPerProduct, callsPerRepetition, ratio);
        }

        Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("backend", backend);
            f.put("precision", precision.id());
            f.put("threads", threads);
            f.put("shape", shape.label());
            f.put("op", op);
            f.put("m", shape.m());
            f.put("n", shape.n());
            f.put("k", shape.k());
            f.put("gflops", Timings.round(gflops, 2));
            f.put("ms_per_product", Timings.round(msPerProduct, 4));
            f.put("calls_per_repetition", callsPerRepetition);
            f.put("ratio_to_fp32", fp32Ratio == null ? null : Timings.round(fp32Ratio, 3));
            return f;
        }
    }

    /**
     * All measurements of a run.
     *
     * @param threads the requested threads
     * @param repetitions timed repetitions per product
     * @param defaultBackend the name of the process-wide default backend
     * @param runWarmupCalls untimed products computed before the first measurement (all backends)
     * @param measurements one per backend, shape and layout
     */
    public record Report(
            int threads, int repetitions, String defaultBackend, long runWarmupCalls, List<Measurement> measurements)
            implements BenchmarkResult {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("benchmark", "gemm");
            f.put("threads", threads);
            f.put("repetitions", repetitions);
            f.put("default_backend", defaultBackend);
            f.put("run_warmup_calls", runWarmupCalls);
            f.put("results", measurements.stream().map(Measurement::fields).toList());
            return f;
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-18s %-9s %7s  %-20s %-4s %10s %12s %10s%n",
                    "backend",
                    "precision",
                    "threads",
                    "m x k * k x n",
                    "op",
                    "GFLOP/s",
                    "ms/product",
                    "x fp32"));
            for (Measurement r : measurements) {
                sb.append(String.format(
                        Locale.ROOT,
                        "%-18s %-9s %7d  %-20s %-4s %10.1f %12.3f %10s%n",
                        r.backend(),
                        r.precision(),
                        r.threads(),
                        r.shape().label(),
                        r.op(),
                        r.gflops(),
                        r.msPerProduct(),
                        r.fp32Ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.fp32Ratio())));
            }
            return sb.toString();
        }
    }

    private GemmBenchmark() {}

    /**
     * Measures every backend, precision, shape and layout of {@code config} (precisions interleaved per shape and
     * layout, so that their ratios come from the same minute).
     *
     * @throws IllegalArgumentException when a backend does not compute one of the precisions here
     */
    public static Report run(Config config) {
        List<Measurement> results = new ArrayList<>();
        long runWarmupCalls = 0;
        for (Gemm g : backends(config)) {
            for (Precision p : config.precisions()) {
                if (!g.supports(p)) {
                    g.setPrecision(p); // throws, saying which precisions are available
                }
            }
            Precision before = g.precision();
            try {
                for (String op : OPS) {
                    Operands first = Operands.of(config.shapes().get(0), op);
                    for (Precision p : config.precisions()) {
                        g.setPrecision(p);
                        runWarmupCalls += warmUp(g, first, config.warmupSeconds());
                    }
                }
                for (GemmShape s : config.shapes()) {
                    for (String op : OPS) {
                        Map<Precision, Measurement> byPrecision = new LinkedHashMap<>();
                        for (Precision p : config.precisions()) {
                            g.setPrecision(p);
                            byPrecision.put(p, measure(g, s, op, config));
                        }
                        Measurement fp32 = byPrecision.get(Precision.FP32);
                        boolean ratios = fp32 != null && byPrecision.size() > 1 && fp32.gflops() > 0;
                        for (Measurement m : byPrecision.values()) {
                            results.add(ratios ? m.withFp32Ratio(m.gflops() / fp32.gflops()) : m);
                        }
                    }
                }
            } finally {
                g.setPrecision(before);
            }
        }
        return new Report(config.threads(), config.repetitions(), Gemm.get().name(), runWarmupCalls, results);
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

    /** The operands of one form of a shape: {@code A} random, {@code B} a weight, {@code C} the output. */
    private record Operands(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        static Operands of(GemmShape s, String op) {
            int m = s.m();
            int k = s.k();
            int n = s.n();
            boolean transA = op.equals("AtB");
            boolean transB = op.equals("ABt");
            SplittableRandom rnd = new SplittableRandom(1);
            Tensor a = random(rnd, transA ? k : m, transA ? m : k);
            // B as a model's weight: backends keep it converted (bf16) or quantised (int8) between products
            Tensor b = Parameter.of("B", random(rnd, transB ? n : k, transB ? k : n))
                    .value();
            return new Operands(transA, transB, a, b, Tensor.zeros(m, n));
        }

        void multiply(Gemm g) {
            g.gemm(transA, transB, 1f, a, b, 0f, c);
        }
    }

    /**
     * Untimed products (JIT compilation, thread start, page faults) for at least {@code seconds} and 3 calls;
     * returns how many ran.
     */
    private static int warmUp(Gemm g, Operands o, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int calls = 0;
        do {
            o.multiply(g);
            calls++;
        } while (calls < 3 || System.nanoTime() < end);
        return calls;
    }

    private static Measurement measure(Gemm g, GemmShape s, String op, Config config) {
        Operands o = Operands.of(s, op);
        double flop = 2.0 * s.m() * s.n() * s.k();
        warmUp(g, o, config.warmupSeconds());
        // one more call sizes a repetition
        long t0 = System.nanoTime();
        o.multiply(g);
        double once = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        int perRep = (int) Math.max(1, Math.min(1_000_000, Math.ceil(config.minSeconds() / once)));
        double[] seconds = new double[config.repetitions()];
        for (int r = 0; r < seconds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < perRep; i++) {
                o.multiply(g);
            }
            seconds[r] = (System.nanoTime() - start) / 1e9 / perRep;
        }
        double median = Timings.median(seconds);
        return new Measurement(
                g.name(), g.precision(), g.threads(), s, op, flop / median / 1e9, median * 1e3, perRep, null);
    }

    private static Tensor random(SplittableRandom rnd, int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) (rnd.nextDouble() * 2 - 1));
        }
        return t;
    }
}
