package dev.tolk.cli;

import dev.tolk.core.CellType;
import dev.tolk.core.Gemm;
import dev.tolk.core.Initializers;
import dev.tolk.core.Rnn;
import dev.tolk.core.RnnConfig;
import dev.tolk.core.Tensor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench cell}: forward + backward time of one GRU layer (default batch 64, input 256, hidden 512,
 * 14 steps), median after warm-up, with the GFLOP/s achieved, the GFLOP/s of the layer's own matrix products
 * (the same products with the same shapes, timed alone in the same run) and their ratio (target ≥ 0.5).
 *
 * <p>FLOPs counted: the six matrix products of a GRU layer, {@code 3 × 2·T·B·3H·(in + H)} (forward input
 * projection and recurrence; backward {@code dx}, {@code dW_x}, {@code dh}, {@code dW_h}); element-wise work is
 * not counted, so the ratio measures how much time goes outside the products.
 */
@Command(
        name = "cell",
        mixinStandardHelpOptions = true,
        description = "Forward+backward time of a GRU layer vs. its own matrix products.")
public final class BenchCellCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", description = "Threads for matrix products (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--input", description = "Input size (default: ${DEFAULT-VALUE}).")
    int input = 256;

    @Option(names = "--hidden", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden = 512;

    @Option(names = "--steps", description = "Time steps (default: ${DEFAULT-VALUE}).")
    int steps = 14;

    @Option(names = "--warmup", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--iterations", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iterations = 15;

    @Override
    public void run() {
        positive("--threads", threads);
        positive("--batch", batch);
        positive("--input", input);
        positive("--hidden", hidden);
        positive("--steps", steps);
        positive("--iterations", iterations);
        if (warmup < 0) {
            throw new UsageException("--warmup must be >= 0, got " + warmup);
        }
        Gemm gemm = Gemm.get();
        gemm.setThreads(threads);
        SplittableRandom rng = new SplittableRandom(1);
        Rnn rnn = new Rnn("bench", RnnConfig.of(CellType.GRU, input, hidden), 1);
        Tensor x = Tensor.zeros(steps, batch, input);
        Tensor dOut = Tensor.zeros(steps, batch, hidden);
        Initializers.uniform(x, 1f, rng);
        Initializers.uniform(dOut, 0.01f, rng);
        double[] layer = new double[iterations];
        for (int i = -warmup; i < iterations; i++) {
            long t0 = System.nanoTime();
            rnn.forward(x, null, null, true);
            rnn.backward(dOut, null);
            if (i >= 0) {
                layer[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        GemmSequence products = new GemmSequence(gemm, steps, batch, input, hidden, rng);
        double[] prod = new double[iterations];
        for (int i = -warmup; i < iterations; i++) {
            long t0 = System.nanoTime();
            products.run();
            if (i >= 0) {
                prod[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double flops = 3.0 * 2.0 * steps * batch * 3.0 * hidden * (input + hidden);
        double layerMs = median(layer);
        double gemmMs = median(prod);
        double layerGflops = flops / (layerMs * 1e6);
        double gemmGflops = flops / (gemmMs * 1e6);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(
                    Locale.ROOT,
                    "{\"benchmark\":\"cell\",\"cell\":\"gru\",\"batch\":%d,\"input\":%d,\"hidden\":%d,"
                            + "\"steps\":%d,\"iterations\":%d,\"threads\":%d,\"backend\":\"%s\",\"median_ms\":%.3f,\"gflops\":%.2f,"
                            + "\"gemm_median_ms\":%.3f,\"gemm_gflops\":%.2f,\"ratio\":%.3f}%n",
                    batch,
                    input,
                    hidden,
                    steps,
                    iterations,
                    threads,
                    gemm.name(),
                    layerMs,
                    layerGflops,
                    gemmMs,
                    gemmGflops,
                    layerGflops / gemmGflops);
        } else {
            out.printf(
                    Locale.ROOT,
                    "GRU layer forward+backward (batch %d, input %d, hidden %d, %d steps), backend %s, "
                            + "%d thread(s)%n",
                    batch,
                    input,
                    hidden,
                    steps,
                    gemm.name(),
                    threads);
            out.printf(Locale.ROOT, "  layer:             %10.3f ms  %8.2f GFLOP/s%n", layerMs, layerGflops);
            out.printf(Locale.ROOT, "  its matrix products: %8.3f ms  %8.2f GFLOP/s%n", gemmMs, gemmGflops);
            out.printf(
                    Locale.ROOT, "  ratio:             %10.1f %% (target >= 50 %%)%n", 100 * layerGflops / gemmGflops);
        }
        out.flush();
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new UsageException(option + " must be >= 1, got " + value);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The matrix products of one GRU layer's forward + backward, with the same shapes, on scratch tensors. */
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

        GemmSequence(Gemm gemm, int steps, int batch, int input, int hidden, SplittableRandom rng) {
            this.gemm = gemm;
            this.steps = steps;
            x = Tensor.zeros(steps * batch, input);
            wx = Tensor.zeros(3 * hidden, input);
            wh = Tensor.zeros(3 * hidden, hidden);
            xProj = Tensor.zeros(steps * batch, 3 * hidden);
            h = Tensor.zeros(batch, hidden);
            hProj = Tensor.zeros(batch, 3 * hidden);
            dh = Tensor.zeros(batch, hidden);
            dwh = Tensor.zeros(3 * hidden, hidden);
            dwx = Tensor.zeros(3 * hidden, input);
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
