package dev.tolk.core;

import java.util.List;

/**
 * Clipping by global norm (Pascanu et al. 2013): with {@code ‖g‖} the L2 norm over all parameters' gradients,
 * {@code g ← min(1, θ/‖g‖)·g}. Kept outside the loss: call it between backward and {@link Optimizer#step()}.
 * The norm is accumulated in double precision.
 */
public final class GradientClipper {
    private final double maxNorm;

    /** @param maxNorm θ > 0 */
    public GradientClipper(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("GradientClipper: maxNorm must be > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    public double maxNorm() {
        return maxNorm;
    }

    /** The global L2 norm of the gradients. */
    public static double globalNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            sum += sumOfSquares(p.grad());
        }
        return Math.sqrt(sum);
    }

    /** Elements per chunk of {@link #sumOfSquares}. */
    private static final int CHUNK = 1 << 14;

    private static final ThreadLocal<float[]> BUF = ThreadLocal.withInitial(() -> new float[CHUNK]);
    private static final ThreadLocal<double[][]> PARTIALS = ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * Σx² over a tensor: per chunk of {@value #CHUNK} elements (four interleaved partial sums), chunks added in
     * order, so the value is the same whether the chunks run on one thread or several.
     */
    static double sumOfSquares(Tensor g) {
        int n = g.size();
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            return chunkSum(g, 0, n);
        }
        double[][] holder = PARTIALS.get();
        if (holder[0].length < chunks) {
            holder[0] = new double[chunks];
        }
        double[] partial = holder[0];
        ComputeThreads.shared().forRows(chunks, chunks, 2, (part, first, end) -> {
            for (int c = first; c < end; c++) {
                int from = c * CHUNK;
                partial[c] = chunkSum(g, from, Math.min(n, from + CHUNK));
            }
        });
        double sum = 0;
        for (int c = 0; c < chunks; c++) {
            sum += partial[c];
        }
        return sum;
    }

    private static double chunkSum(Tensor g, int from, int to) {
        float[] buf = BUF.get();
        int len = to - from;
        g.buffer().get(g.offset() + from, buf, 0, len);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            double a = buf[i];
            double b = buf[i + 1];
            double c = buf[i + 2];
            double d = buf[i + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; i < len; i++) {
            double a = buf[i];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Scales all gradients by {@code min(1, θ/‖g‖)}; returns {@code ‖g‖} before clipping. A NaN or infinite norm
     * leaves the gradients as they are (scaling by {@code θ/∞ = 0} would turn infinities into NaN and hide where they
     * came from); the caller must not apply them.
     */
    public double clip(List<Parameter> parameters) {
        double norm = globalNorm(parameters);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float s = (float) (maxNorm / norm);
            for (Parameter p : parameters) {
                ElementWise.scale(s, p.grad());
            }
        }
        return norm;
    }
}
