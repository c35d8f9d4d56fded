package dev.tolk.core;

import java.nio.FloatBuffer;

/**
 * Softmax cross-entropy over logits with a padding mask and label smoothing.
 *
 * <p>For a row with logits {@code z: [V]} and target {@code y}: {@code p = softmax(z)}, computed through a
 * numerically stable log-sum-exp {@code lse = max(z) + log Σ_k exp(z_k − max(z))}; the smoothed target is
 * {@code q = (1 − ε)·onehot(y) + ε/V} (Szegedy et al. 2016, §7; PyTorch's {@code label_smoothing}); the loss is
 * {@code −Σ_k q_k log p_k = lse − Σ_k q_k z_k} and its gradient {@code ∂/∂z = p − q}. Rows whose target equals the
 * ignore index (padding) contribute neither loss nor gradient and are not counted as tokens.
 */
public final class SoftmaxCrossEntropy {

    /** Summed loss over the non-ignored rows and how many rows that was. */
    public record Loss(double sum, int tokens) {
        /** Mean loss per token (0 when there are no tokens). */
        public double mean() {
            return tokens == 0 ? 0.0 : sum / tokens;
        }
    }

    /** Logits at least this many for the rows to be split over the compute threads. */
    private static final long PARALLEL_MIN_ELEMENTS = 1 << 16;

    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[3][0]);

    private final int ignoreIndex;
    private final float smoothing;
    /** Per-row losses of the last call (grown on demand, reused). */
    private double[] rowLoss = new double[0];

    /**
     * @param ignoreIndex target id that marks padding (e.g. the {@code <pad>} id), or −1 for none
     * @param labelSmoothing ε in [0, 1)
     */
    public SoftmaxCrossEntropy(int ignoreIndex, float labelSmoothing) {
        if (!(labelSmoothing >= 0f && labelSmoothing < 1f)) {
            throw new IllegalArgumentException(
                    "SoftmaxCrossEntropy: labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
        this.ignoreIndex = ignoreIndex;
        this.smoothing = labelSmoothing;
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    public float labelSmoothing() {
        return smoothing;
    }

    /**
     * Loss of {@code logits: [n, V]} against {@code targets[0..n)}; if {@code dLogits: [n, V]} is non-null it is
     * overwritten with {@code gradScale · ∂(summed loss)/∂logits} (use {@code 1/tokens} for the mean). {@code dLogits}
     * may be {@code logits} itself (in-place).
     */
    public Loss forward(Tensor logits, int[] targets, Tensor dLogits, float gradScale) {
        int n = logits.rowCount();
        int v = logits.colCount();
        if (targets.length < n) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy.forward: logits are "
                    + java.util.Arrays.toString(logits.shape()) + " but only " + targets.length + " targets");
        }
        if (dLogits != null && (dLogits.rowCount() != n || dLogits.colCount() != v)) {
            throw new IllegalArgumentException(
                    "SoftmaxCrossEntropy.forward: logits are " + java.util.Arrays.toString(logits.shape())
                            + " but dLogits is " + java.util.Arrays.toString(dLogits.shape()));
        }
        for (int i = 0; i < n; i++) {
            int y = targets[i];
            if (y != ignoreIndex && (y < 0 || y >= v)) {
                throw new IndexOutOfBoundsException(
                        "SoftmaxCrossEntropy.forward: target " + y + " at row " + i + " outside [0, " + v + ")");
            }
        }
        if (rowLoss.length < n) {
            rowLoss = new double[Math.max(n, rowLoss.length * 2)];
        }
        double[] losses = rowLoss;
        // rows are independent: split over the compute threads when large; the total is summed in row order below,
        // so the result does not depend on the number of threads
        ComputeThreads.shared()
                .forRows(
                        n,
                        (long) n * v,
                        PARALLEL_MIN_ELEMENTS,
                        (part, from, to) -> rows(logits, targets, dLogits, gradScale, losses, from, to));
        double total = 0;
        int tokens = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] != ignoreIndex) {
                total += losses[i];
                tokens++;
            }
        }
        return new Loss(total, tokens);
    }

    /**
     * Rows {@code [from, to)}: each row's loss into {@code losses[i]} and, if requested, its gradient. One exponential ({@link ShiftedExp})
     * per logit: the softmax of the gradient reuses those of the normaliser.
     */
    private void rows(
            Tensor logits, int[] targets, Tensor dLogits, float gradScale, double[] losses, int from, int to) {
        int v = logits.colCount();
        float[][] scratch = ROW.get();
        if (scratch[0].length < v) {
            scratch[0] = new float[v];
            scratch[1] = new float[v];
            scratch[2] = new float[v];
        }
        float[] z = scratch[0];
        float[] e = scratch[1];
        FloatBuffer zb = logits.buffer();
        FloatBuffer gb = dLogits == null ? null : dLogits.buffer();
        double offTarget = smoothing / v;
        float off = (float) (gradScale * offTarget);
        for (int i = from; i < to; i++) {
            int y = targets[i];
            if (y == ignoreIndex) {
                losses[i] = 0;
                if (gb != null) {
                    // padding row: zero gradient, written in place (no view object per padded token)
                    java.util.Arrays.fill(e, 0, v, 0f);
                    gb.put(dLogits.offset() + i * v, e, 0, v);
                }
                continue;
            }
            zb.get(logits.offset() + i * v, z, 0, v);
            float max = ShiftedExp.shift(z, v);
            double sumZ = ShiftedExp.sum(z, v);
            ShiftedExp.of(z, max, e, scratch[2], v);
            double sumExp = ShiftedExp.sum(e, v);
            double lse = max + Math.log(sumExp);
            losses[i] = lse - (1.0 - smoothing) * z[y] - offTarget * sumZ;
            if (gb != null) {
                float scale = (float) (gradScale / sumExp);
                for (int k = 0; k < v; k++) {
                    e[k] = scale * e[k] - off;
                }
                e[y] -= (float) (gradScale * (1.0 - smoothing));
                gb.put(dLogits.offset() + i * v, e, 0, v);
            }
        }
    }
}
