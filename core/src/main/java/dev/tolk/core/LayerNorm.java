package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Layer normalisation (Ba, Kiros &amp; Hinton 2016, eq. 15–16) of each row of {@code a: [N, W]}, separately over
 * consecutive groups of columns (a recurrent cell normalises each gate group of a projection on its own, as
 * Nematus does: {@code [r; z]} and {@code n} of a GRU):
 *
 * <pre>
 *   μ = (1/D) Σ_i a_i,   σ = √((1/D) Σ_i (a_i − μ)² + ε),   â_i = (a_i − μ) / σ,   y_i = g_i â_i + b_i
 * </pre>
 * over the {@code D} columns of a group, with gain {@code g: [W]} (initially 1) and bias {@code b: [W]} (initially
 * 0), {@code ε = 1e-5} as PyTorch's {@code layer_norm}. Backward, per row and group, with {@code ĝ = dy ⊙ g}:
 * {@code da = (ĝ − mean(ĝ) − â · mean(ĝ ⊙ â)) / σ}, {@code dg += dy ⊙ â}, {@code db += dy}.
 *
 * <p>The caller keeps {@code â: [N, W]} and {@code 1/σ: [N, groups]} between forward and backward (a cell keeps
 * them in its step cache). Not thread-safe: one row scratch.
 */
public final class LayerNorm implements Trainable {
    /** The ε under the square root. */
    public static final float EPSILON = 1e-5f;

    private final int[] starts;
    private final int width;
    private final Parameter gain;
    private final Parameter bias;
    private final List<Parameter> params;
    private final float[] g;
    private final float[] b;
    private final float[] row;
    private final float[] hat;
    private final float[] dgSum;
    private final float[] dbSum;

    /**
     * @param name parameter-name prefix ({@code name.gain}, {@code name.bias})
     * @param groupSizes the widths of the column groups normalised separately (each ≥ 1)
     */
    public LayerNorm(String name, int... groupSizes) {
        if (groupSizes.length == 0 || Arrays.stream(groupSizes).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(
                    "LayerNorm: group sizes must be positive, got " + Arrays.toString(groupSizes));
        }
        this.starts = new int[groupSizes.length + 1];
        for (int k = 0; k < groupSizes.length; k++) {
            starts[k + 1] = starts[k] + groupSizes[k];
        }
        this.width = starts[groupSizes.length];
        this.gain = Parameter.of(name + ".gain", Tensor.zeros(width).fill(1f));
        this.bias = Parameter.of(name + ".bias", Tensor.zeros(width));
        this.params = List.of(gain, bias);
        this.g = new float[width];
        this.b = new float[width];
        this.row = new float[width];
        this.hat = new float[width];
        this.dgSum = new float[width];
        this.dbSum = new float[width];
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** W, the row width. */
    public int width() {
        return width;
    }

    /** The number of column groups. */
    public int groups() {
        return starts.length - 1;
    }

    /**
     * {@code y = g ⊙ â + b}: {@code a, y, aHat: [N, W]} ({@code y} may be {@code a}), {@code invStd: [N, groups]}
     * receives {@code 1/σ}.
     */
    public void forward(Tensor a, Tensor y, Tensor aHat, Tensor invStd) {
        int n = check("forward", a, y, aHat, invStd);
        gain.value().copyTo(g);
        bias.value().copyTo(b);
        FloatBuffer ab = a.buffer();
        FloatBuffer yb = y.buffer();
        FloatBuffer hb = aHat.buffer();
        FloatBuffer sb = invStd.buffer();
        int groups = groups();
        for (int r = 0; r < n; r++) {
            ab.get(a.offset() + r * width, row, 0, width);
            for (int k = 0; k < groups; k++) {
                int from = starts[k];
                int to = starts[k + 1];
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += row[i];
                }
                float mean = (float) (sum / (to - from));
                double sq = 0;
                for (int i = from; i < to; i++) {
                    float c = row[i] - mean;
                    sq += c * c;
                }
                float inv = (float) (1.0 / Math.sqrt(sq / (to - from) + EPSILON));
                for (int i = from; i < to; i++) {
                    float h = (row[i] - mean) * inv;
                    hat[i] = h;
                    row[i] = g[i] * h + b[i];
                }
                sb.put(invStd.offset() + r * groups + k, inv);
            }
            hb.put(aHat.offset() + r * width, hat, 0, width);
            yb.put(y.offset() + r * width, row, 0, width);
        }
    }

    /**
     * Backward of {@link #forward}: {@code da: [N, W]} from {@code dy: [N, W]} ({@code da} may be {@code dy}) and
     * the forward's {@code aHat} and {@code invStd}; accumulates the gain and bias gradients.
     */
    public void backward(Tensor dy, Tensor aHat, Tensor invStd, Tensor da) {
        int n = check("backward", dy, da, aHat, invStd);
        gain.value().copyTo(g);
        Tensor dg = gain.grad();
        Tensor db = bias.grad();
        dg.copyTo(dgSum);
        db.copyTo(dbSum);
        FloatBuffer yb = dy.buffer();
        FloatBuffer hb = aHat.buffer();
        FloatBuffer sb = invStd.buffer();
        FloatBuffer ab = da.buffer();
        int groups = groups();
        for (int r = 0; r < n; r++) {
            yb.get(dy.offset() + r * width, row, 0, width);
            hb.get(aHat.offset() + r * width, hat, 0, width);
            for (int i = 0; i < width; i++) {
                dgSum[i] += row[i] * hat[i];
                dbSum[i] += row[i];
            }
            for (int k = 0; k < groups; k++) {
                int from = starts[k];
                int to = starts[k + 1];
                double meanG = 0;
                double meanGh = 0;
                for (int i = from; i < to; i++) {
                    float gi = row[i] * g[i];
                    meanG += gi;
                    meanGh += gi * hat[i];
                }
                float mg = (float) (meanG / (to - from));
                float mgh = (float) (meanGh / (to - from));
                float inv = sb.get(invStd.offset() + r * groups + k);
                for (int i = from; i < to; i++) {
                    row[i] = (row[i] * g[i] - mg - hat[i] * mgh) * inv;
                }
            }
            ab.put(da.offset() + r * width, row, 0, width);
        }
        dg.copyFrom(dgSum);
        db.copyFrom(dbSum);
    }

    private int check(String where, Tensor a, Tensor y, Tensor aHat, Tensor invStd) {
        int n = a.rowCount();
        if (a.colCount() != width
                || y.rowCount() != n
                || y.colCount() != width
                || aHat.rowCount() != n
                || aHat.colCount() != width
                || invStd.size() != n * groups()) {
            throw new IllegalArgumentException("LayerNorm." + where + ": input " + Arrays.toString(a.shape())
                    + ", output " + Arrays.toString(y.shape()) + ", normalised " + Arrays.toString(aHat.shape())
                    + " and 1/σ " + Arrays.toString(invStd.shape()) + " but the width is " + width + " in "
                    + groups() + " groups");
        }
        return n;
    }
}
