package dev.tolk.bench;

import dev.tolk.core.CellType;
import dev.tolk.core.Gemm;
import dev.tolk.core.Initializers;
import dev.tolk.core.Rnn;
import dev.tolk.core.RnnConfig;
import dev.tolk.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Forward + backward time of one recurrent layer (GRU, LSTM or simple RNN), median after warm-up, with the GFLOP/s
 * achieved, the GFLOP/s of the layer's own matrix products (the same products with the same shapes, timed alone in
 * the same run) and their ratio (target ≥ 0.5).
 *
 * <p>FLOPs counted: the six matrix products of a layer with {@code G} gate blocks (GRU 3, LSTM 4, RNN 1),
 * {@code 3 × 2·T·B·GH·(in + H)} (forward input projection and recurrence; backward {@code dx}, {@code dW_x},
 * {@code dh}, {@code dW_h}); element-wise work is not counted, so the ratio measures how much time goes outside the
 * products.
 */
public final class CellBenchmark {

    /**
     * @param cell the cell type
     * @param threads matrix-product threads, &ge; 1
     * @param batch B
     * @param input the input width
     * @param hidden H
     * @param steps T
     * @param warmup untimed iterations, &ge; 0
     * @param iterations timed iterations, &ge; 1
     */
    public record Config(
            CellType cell, int threads, int batch, int input, int hidden, int steps, int warmup, int iterations) {
        /** Validates. */
        public Config {
            if (cell == null) {
                throw new IllegalArgumentException("invalid cell benchmark configuration: no cell type");
            }
            if (threads < 1 || batch < 1 || input < 1 || hidden < 1 || steps < 1 || warmup < 0 || iterations < 1) {
                throw new IllegalArgumentException("invalid cell benchmark configuration: " + threads + " threads, "
                        + batch + "x" + input + "->" + hidden + ", " + steps + " steps, " + warmup + "+" + iterations
                        + " iterations");
            }
        }
    }

    /**
     * @param config what was measured
     * @param backend the matrix-product backend
     * @param layerMs median milliseconds of a forward + backward pass
     * @param gemmMs median milliseconds of the layer's matrix products alone
     * @param flops the products' floating-point operations
     */
    public record Result(Config config, String backend, double layerMs, double gemmMs, double flops)
            implements BenchmarkResult {
        /** @return GFLOP/s of the layer */
        public double layerGflops() {
            return flops / (layerMs * 1e6);
        }

        /** @return GFLOP/s of its products alone */
        public double gemmGflops() {
            return flops / (gemmMs * 1e6);
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("benchmark", "cell");
            f.put("cell", config.cell().configName());
            f.put("batch", config.batch());
            f.put("input", config.input());
            f.put("hidden", config.hidden());
            f.put("steps", config.steps());
            f.put("iterations", config.iterations());
            f.put("threads", config.threads());
            f.put("backend", backend);
            f.put("median_ms", Timings.round(layerMs, 3));
            f.put("gflops", Timings.round(layerGflops(), 2));
            f.put("gemm_median_ms", Timings.round(gemmMs, 3));
            f.put("gemm_gflops", Timings.round(gemmGflops(), 2));
            f.put("ratio", Timings.round(layerGflops() / gemmGflops(), 3));
            return f;
        }

        @Override
        public String text() {
            return String.format(
                            Locale.ROOT,
                            "%s layer forward+backward (batch %d, input %d, hidden %d, %d steps), backend %s, "
                                    + "%d thread(s)%n",
                            config.cell().name(),
                            config.batch(),
                            config.input(),
                            config.hidden(),
                            config.steps(),
                            backend,
                            config.threads())
                    + String.format(
                            Locale.ROOT, "  layer:             %10.3f ms  %8.2f GFLOP/s%n", layerMs, layerGflops())
                    + String.format(
                            Locale.ROOT, "  its matrix products: %8.3f ms  %8.2f GFLOP/s%n", gemmMs, gemmGflops())
                    + String.format(
                            Locale.ROOT,
                            "  ratio:             %10.1f %% (target >= 50 %%)%n",
                            100 * layerGflops() / gemmGflops());
        }
    }

    private CellBenchmark() {}

    /** Measures the layer, then its products alone. */
    public static Result run(Config c) {
        Gemm gemm = Gemm.get();
        gemm.setThreads(c.threads());
        SplittableRandom rng = new SplittableRandom(1);
        Rnn rnn = new Rnn("bench", RnnConfig.of(c.cell(), c.input(), c.hidden()), 1);
        Tensor x = Tensor.zeros(c.steps(), c.batch(), c.input());
        Tensor dOut = Tensor.zeros(c.steps(), c.batch(), c.hidden());
        Initializers.uniform(x, 1f, rng);
        Initializers.uniform(dOut, 0.01f, rng);
        double layer = Timings.medianSeconds(
                () -> {
                    rnn.forward(x, null, null, true);
                    rnn.backward(dOut, null);
                },
                c.warmup(),
                c.iterations());
        int gates = c.cell().gateBlocks();
        GemmSequence products = new GemmSequence(gemm, c.steps(), c.batch(), c.input(), c.hidden(), gates, rng);
        double gemmSeconds = Timings.medianSeconds(products::run, c.warmup(), c.iterations());
        double flops = 3.0 * 2.0 * c.steps() * c.batch() * gates * c.hidden() * (c.input() + c.hidden());
        return new Result(c, gemm.name(), layer * 1e3, gemmSeconds * 1e3, flops);
    }

    /** The matrix products of one layer's forward + backward, with the same shapes, on scratch tensors. */
    private static final class GemmSequence {
        private final Gemm gemm;
        private final int steps;
        private final Tensor x;
        private final Tensor wx;
        private final Tensor wh;
        private final Tensor xProj;
        private final Tensor h;
        private final Tensor hProj;
        private final Tensor dh;
        private final Tensor dwh;
        private final Tensor dwx;
        private final Tensor dx;

        GemmSequence(Gemm gemm, int steps, int batch, int input, int hidden, int gates, SplittableRandom rng) {
            this.gemm = gemm;
            this.steps = steps;
            x = Tensor.zeros(steps * batch, input);
            wx = Tensor.zeros(gates * hidden, input);
            wh = Tensor.zeros(gates * hidden, hidden);
            xProj = Tensor.zeros(steps * batch, gates * hidden);
            h = Tensor.zeros(batch, hidden);
            hProj = Tensor.zeros(batch, gates * hidden);
            dh = Tensor.zeros(batch, hidden);
            dwh = Tensor.zeros(gates * hidden, hidden);
            dwx = Tensor.zeros(gates * hidden, input);
            dx = Tensor.zeros(steps * batch, input);
            for (Tensor t : new Tensor[] {x, wx, wh, xProj, h, hProj}) {
                Initializers.uniform(t, 0.1f, rng);
            }
        }

        void run() {
            gemm.gemm(false, true, 1f, x, wx, 0f, xProj);
            for (int t = 0; t < steps; t++) {
                gemm.gemm(false, true, 1f, h, wh, 0f, hProj);
            }
            for (int t = 0; t < steps; t++) {
                gemm.gemm(false, false, 1f, hProj, wh, 1f, dh);
                gemm.gemm(true, false, 1f, hProj, h, 1f, dwh);
            }
            gemm.gemm(true, false, 1f, xProj, x, 1f, dwx);
            gemm.gemm(false, false, 1f, xProj, wx, 0f, dx);
        }
    }
}
