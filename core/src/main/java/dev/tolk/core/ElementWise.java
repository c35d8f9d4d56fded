package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Element-wise and row-wise arithmetic on tensors that {@link Tensor} itself does not offer: bias broadcast over
 * rows, column sums, {@code y += a·x}, copies split over the compute threads, column-block copies (concatenation of
 * features) and row gathers (beam search). All methods write into a caller-supplied output and allocate no
 * tensors.
 */
public final class ElementWise {
    private ElementWise() {}

    /**
     * Logistic sigmoid σ(x) = 1 / (1 + e^{-x}), computed as ½ + ½·tanh(x/2) with {@link #tanh}: absolute error
     * below 3e-7, and vectorisable in loops over arrays.
     */
    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    // Rational minimax approximation tanh(x) ≈ x·P(x²)/Q(x²) on [-7.905, 7.905], beyond which tanh rounds to ±1 in
    // float; the coefficients are those of Eigen's generic_fast_tanh_float (MPL 2.0). Error below 4e-7 (measured).
    private static final float TANH_CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    /**
     * Hyperbolic tangent in float: a rational approximation (absolute and relative error below 4e-7, saturating exactly to
     * ±1), branch-free
     * so that the JIT vectorises loops over arrays that call it; NaN stays NaN.
     */
    public static float tanh(float x) {
        float c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float x2 = c * c;
        float p = x2 * A13 + A11;
        p = x2 * p + A9;
        p = x2 * p + A7;
        p = x2 * p + A5;
        p = x2 * p + A3;
        p = x2 * p + A1;
        p = c * p;
        float q = x2 * B6 + B4;
        q = x2 * q + B2;
        q = x2 * q + B0;
        return p / q;
    }

    /**
     * {@code out[i] = tanh(x[i] + y[i])} for {@code i < n}, each as {@link #tanh} computes it, in a loop that
     * HotSpot's C2 (Java 17) vectorises because its three arrays are all indexed from 0: C2 leaves a loop scalar when
     * its arrays are indexed with different offsets (measured: 4.3 ns an element for {@code tanh(y[i] + z[o + i])}
     * against 0.5 here), so rows at an offset are first copied, or kept as arrays of their own.
     */
    public static void tanhOfSum(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = tanh(x[i] + y[i]);
        }
    }

    /** {@code Σ x[i]·y[i]} over {@code i < n}, with four partial sums (pipelined; the order is fixed). */
    static float dot(float[] x, float[] y, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Four dot products at once, {@code out[o + r] = Σ x[i]·y_r[i]} over {@code i < n} for the rows {@code y0..y3}:
     * each is summed exactly as {@link #dot} sums it (bit for bit), but the four rows' sixteen partial sums are
     * independent, so the processor overlaps them; one {@link #dot} at a time waits on its four chains of additions
     * (2.5 times slower per element, measured).
     */
    static void dot4(float[] x, float[] y0, float[] y1, float[] y2, float[] y3, int n, float[] out, int o) {
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
        float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
        float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
        float d0 = 0f, d1 = 0f, d2 = 0f, d3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float x0 = x[i];
            float x1 = x[i + 1];
            float x2 = x[i + 2];
            float x3 = x[i + 3];
            a0 += x0 * y0[i];
            a1 += x1 * y0[i + 1];
            a2 += x2 * y0[i + 2];
            a3 += x3 * y0[i + 3];
            b0 += x0 * y1[i];
            b1 += x1 * y1[i + 1];
            b2 += x2 * y1[i + 2];
            b3 += x3 * y1[i + 3];
            c0 += x0 * y2[i];
            c1 += x1 * y2[i + 1];
            c2 += x2 * y2[i + 2];
            c3 += x3 * y2[i + 3];
            d0 += x0 * y3[i];
            d1 += x1 * y3[i + 1];
            d2 += x2 * y3[i + 2];
            d3 += x3 * y3[i + 3];
        }
        for (; i < n; i++) {
            a0 += x[i] * y0[i];
            b0 += x[i] * y1[i];
            c0 += x[i] * y2[i];
            d0 += x[i] * y3[i];
        }
        out[o] = (a0 + a1) + (a2 + a3);
        out[o + 1] = (b0 + b1) + (b2 + b3);
        out[o + 2] = (c0 + c1) + (c2 + c3);
        out[o + 3] = (d0 + d1) + (d2 + d3);
    }

    /** {@code m[i, :] += v} for every row i. {@code m: [n, c]}, {@code v: [c]}. */
    public static void addRowVector(Tensor m, Tensor v) {
        if (v.size() != m.colCount()) {
            throw new IllegalArgumentException("ElementWise.addRowVector: m is " + Arrays.toString(m.shape())
                    + " but v is " + Arrays.toString(v.shape()));
        }
        addRowVector(ColumnBlock.of(m), v);
    }

    /** {@code m[i, :] += v} for every row i of the block {@code m: [n, c]}; {@code v: [c]}. */
    static void addRowVector(ColumnBlock m, Tensor v) {
        int c = m.count();
        FloatBuffer mb = m.matrix().buffer();
        float[][] s = scratch(2 * c);
        float[] va = s[0];
        float[] row = s[1];
        v.buffer().get(v.offset(), va, 0, c);
        int n = m.rows();
        for (int i = 0; i < n; i++) {
            int base = m.matrix().offset() + i * m.stride() + m.from();
            mb.get(base, row, 0, c);
            for (int j = 0; j < c; j++) {
                row[j] += va[j];
            }
            mb.put(base, row, 0, c);
        }
        m.matrix().markModified();
    }

    /** {@code v += Σ_i m[i, :]} (column sums accumulated). {@code m: [n, c]}, {@code v: [c]}. */
    public static void addColumnSums(Tensor m, Tensor v) {
        int c = m.colCount();
        if (v.size() != c) {
            throw new IllegalArgumentException("ElementWise.addColumnSums: m is " + Arrays.toString(m.shape())
                    + " but v is " + Arrays.toString(v.shape()));
        }
        FloatBuffer mb = m.buffer();
        FloatBuffer vb = v.buffer();
        int n = m.rowCount();
        float[] row = scratch(c)[1];
        double[] sums = new double[c];
        for (int i = 0; i < n; i++) {
            mb.get(m.offset() + i * c, row, 0, c);
            for (int j = 0; j < c; j++) {
                sums[j] += row[j];
            }
        }
        for (int j = 0; j < c; j++) {
            vb.put(v.offset() + j, vb.get(v.offset() + j) + (float) sums[j]);
        }
        v.markModified();
    }

    /** Elements per bulk copy of the element-wise loops below (their arithmetic runs on arrays, vectorised). */
    private static final int CHUNK = 4096;

    /** {@code y += a·x} (same size). */
    public static void axpy(float a, Tensor x, Tensor y) {
        requireSameSize("ElementWise.axpy", x, y);
        FloatBuffer xb = x.buffer();
        FloatBuffer yb = y.buffer();
        int xo = x.offset();
        int yo = y.offset();
        int n = x.size();
        float[][] s = scratch(Math.min(n, CHUNK));
        float[] xs = s[0];
        float[] ys = s[1];
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            xb.get(xo + c, xs, 0, len);
            yb.get(yo + c, ys, 0, len);
            for (int i = 0; i < len; i++) {
                ys[i] += a * xs[i];
            }
            yb.put(yo + c, ys, 0, len);
        }
        y.markModified();
    }

    /** {@code x *= a}. */
    public static void scale(float a, Tensor x) {
        FloatBuffer xb = x.buffer();
        int xo = x.offset();
        int n = x.size();
        float[] xs = scratch(Math.min(n, CHUNK))[0];
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            xb.get(xo + c, xs, 0, len);
            for (int i = 0; i < len; i++) {
                xs[i] = a * xs[i];
            }
            xb.put(xo + c, xs, 0, len);
        }
        x.markModified();
    }

    /** Floats at least this many for {@link #copy} to split the copy over the compute threads. */
    static final int PARALLEL_COPY_MIN = 1 << 18;

    /** Floats per unit of {@link #copy}'s split (a multiple of a cache line). */
    private static final int COPY_CHUNK = 1 << 12;

    /**
     * {@code dst ← src} (same size), split into contiguous ranges over the compute threads when it holds at least
     * {@value #PARALLEL_COPY_MIN} floats: a decoding step's copy of precomputed per-sentence terms ({@code [N, V]}
     * logits) is as large as its products' outputs, and one thread alone leaves the other waiting. A copy is
     * exact, so the result is the same whatever the split.
     */
    public static void copy(Tensor src, Tensor dst) {
        int size = src.size();
        if (dst.size() != size) {
            throw new IllegalArgumentException("ElementWise.copy: src is " + Arrays.toString(src.shape())
                    + " but dst is " + Arrays.toString(dst.shape()));
        }
        if (ComputeThreads.partsFor(size, size, PARALLEL_COPY_MIN) == 1) {
            // one range: a plain bulk copy, without the split's per-call lambda
            dst.buffer().put(dst.offset(), src.buffer(), src.offset(), size);
            dst.markModified();
            return;
        }
        int chunks = (size + COPY_CHUNK - 1) / COPY_CHUNK;
        ComputeThreads.shared().forRows(chunks, size, PARALLEL_COPY_MIN, (part, from, to) -> {
            int start = from * COPY_CHUNK;
            int end = Math.min(size, to * COPY_CHUNK);
            dst.buffer().put(dst.offset() + start, src.buffer(), src.offset() + start, end - start);
        });
        dst.markModified();
    }

    /**
     * Copies {@code src: [n, c]} into columns {@code [col, col + c)} of {@code dst: [n, d]} (feature concatenation,
     * e.g. {@code [s_t; ctx; emb]}).
     */
    public static void copyIntoColumns(Tensor src, Tensor dst, int col) {
        int n = src.rowCount();
        int c = src.colCount();
        int d = dst.colCount();
        if (dst.rowCount() != n || col < 0 || col + c > d) {
            throw new IllegalArgumentException("ElementWise.copyIntoColumns: src is " + Arrays.toString(src.shape())
                    + " but dst is " + Arrays.toString(dst.shape()) + " at column " + col);
        }
        for (int i = 0; i < n; i++) {
            dst.buffer().put(dst.offset() + i * d + col, src.buffer(), src.offset() + i * c, c);
        }
        dst.markModified();
    }

    /**
     * {@code dst += src[:, col:col+c]} where {@code src: [n, d]}, {@code dst: [n, c]} (the backward of
     * {@link #copyIntoColumns}); with {@code accumulate == false} the block is copied instead.
     */
    public static void columnsInto(Tensor src, int col, Tensor dst, boolean accumulate) {
        int n = dst.rowCount();
        int c = dst.colCount();
        int d = src.colCount();
        if (src.rowCount() != n || col < 0 || col + c > d) {
            throw new IllegalArgumentException("ElementWise.columnsInto: src is " + Arrays.toString(src.shape())
                    + " at column " + col + " but dst is " + Arrays.toString(dst.shape()));
        }
        FloatBuffer sb = src.buffer();
        FloatBuffer db = dst.buffer();
        for (int i = 0; i < n; i++) {
            int s = src.offset() + i * d + col;
            int t = dst.offset() + i * c;
            if (accumulate) {
                for (int j = 0; j < c; j++) {
                    db.put(t + j, db.get(t + j) + sb.get(s + j));
                }
            } else {
                db.put(t, sb, s, c);
            }
        }
        dst.markModified();
    }

    /**
     * {@code dst[i] = src[rows[i]]} along the first dimension after {@code leading} dimensions: for a state
     * {@code [parts, batch, hidden]} use {@code leading = 1} to select batch rows of every part; for
     * {@code [batch, features]} use {@code leading = 0}. {@code src} and {@code dst} must not overlap.
     */
    public static void gatherRows(Tensor src, int leading, int[] rows, Tensor dst) {
        int outer = 1;
        for (int i = 0; i < leading; i++) {
            outer *= src.dim(i);
        }
        int n = src.dim(leading);
        int width = src.size() / (outer * Math.max(n, 1));
        int m = dst.dim(leading);
        if (rows.length != m || dst.size() != outer * m * width) {
            throw new IllegalArgumentException("ElementWise.gatherRows: src is " + Arrays.toString(src.shape())
                    + ", dst is " + Arrays.toString(dst.shape()) + ", " + rows.length + " rows");
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < m; i++) {
                int r = rows[i];
                if (r < 0 || r >= n) {
                    throw new IndexOutOfBoundsException("ElementWise.gatherRows: row " + r + " outside [0, " + n + ")");
                }
                dst.buffer()
                        .put(
                                dst.offset() + (o * m + i) * width,
                                src.buffer(),
                                src.offset() + (o * n + r) * width,
                                width);
            }
        }
        dst.markModified();
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /** Two per-thread scratch rows of at least {@code n} floats. */
    private static float[][] scratch(int n) {
        float[][] s = SCRATCH.get();
        if (s[0].length < n) {
            s[0] = new float[n];
            s[1] = new float[n];
        }
        return s;
    }

    private static void requireSameSize(String where, Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(where + ": " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " differ in size");
        }
    }
}
