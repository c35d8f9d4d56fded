package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Element-wise and row-wise arithmetic on tensors that {@link Tensor} itself does not offer: bias broadcast over
 * rows, column sums, {@code y += a·x}, column-block copies (concatenation of features) and row gathers (beam
 * search). All methods write into a caller-supplied output and allocate nothing.
 */
public final class ElementWise {
  private ElementWise() {}

  /** Logistic sigmoid σ(x) = 1 / (1 + e^{-x}). */
  public static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  /** Hyperbolic tangent, computed as 1 − 2/(e^{2x} + 1) (saturates cleanly to ±1). */
  public static float tanh(float x) {
    return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
  }

  /** {@code m[i, :] += v} for every row i. {@code m: [n, c]}, {@code v: [c]}. */
  public static void addRowVector(Tensor m, Tensor v) {
    int c = m.colCount();
    if (v.size() != c) {
      throw new IllegalArgumentException("ElementWise.addRowVector: m is " + Arrays.toString(m.shape())
          + " but v is " + Arrays.toString(v.shape()));
    }
    FloatBuffer mb = m.buffer();
    float[][] s = scratch(2 * c);
    float[] va = s[0];
    float[] row = s[1];
    v.buffer().get(v.offset(), va, 0, c);
    int n = m.rowCount();
    for (int i = 0; i < n; i++) {
      int base = m.offset() + i * c;
      mb.get(base, row, 0, c);
      for (int j = 0; j < c; j++) {
        row[j] += va[j];
      }
      mb.put(base, row, 0, c);
    }
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
  }

  /** {@code y += a·x} (same size). */
  public static void axpy(float a, Tensor x, Tensor y) {
    requireSameSize("ElementWise.axpy", x, y);
    FloatBuffer xb = x.buffer();
    FloatBuffer yb = y.buffer();
    int xo = x.offset();
    int yo = y.offset();
    for (int i = 0, n = x.size(); i < n; i++) {
      yb.put(yo + i, yb.get(yo + i) + a * xb.get(xo + i));
    }
  }

  /** {@code x *= a}. */
  public static void scale(float a, Tensor x) {
    FloatBuffer xb = x.buffer();
    for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
      xb.put(i, a * xb.get(i));
    }
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
        dst.buffer().put(dst.offset() + (o * m + i) * width, src.buffer(), src.offset() + (o * n + r) * width,
            width);
      }
    }
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
