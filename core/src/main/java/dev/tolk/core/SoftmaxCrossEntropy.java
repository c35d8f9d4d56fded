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

  private final int ignoreIndex;
  private final float smoothing;

  /**
   * @param ignoreIndex target id that marks padding (e.g. the {@code <pad>} id), or −1 for none
   * @param labelSmoothing ε in [0, 1)
   */
  public SoftmaxCrossEntropy(int ignoreIndex, float labelSmoothing) {
    if (!(labelSmoothing >= 0f && labelSmoothing < 1f)) {
      throw new IllegalArgumentException("SoftmaxCrossEntropy: labelSmoothing must be in [0, 1), got "
          + labelSmoothing);
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
      throw new IllegalArgumentException("SoftmaxCrossEntropy.forward: logits are " + java.util.Arrays.toString(
          logits.shape()) + " but only " + targets.length + " targets");
    }
    if (dLogits != null && (dLogits.rowCount() != n || dLogits.colCount() != v)) {
      throw new IllegalArgumentException("SoftmaxCrossEntropy.forward: logits are " + java.util.Arrays.toString(
          logits.shape()) + " but dLogits is " + java.util.Arrays.toString(dLogits.shape()));
    }
    FloatBuffer zb = logits.buffer();
    double total = 0;
    int tokens = 0;
    double offTarget = smoothing / v;
    for (int i = 0; i < n; i++) {
      int y = targets[i];
      int base = logits.offset() + i * v;
      if (y == ignoreIndex) {
        if (dLogits != null) {
          // padding row: zero gradient, written in place (no view object per padded token)
          FloatBuffer gb = dLogits.buffer();
          for (int j = dLogits.offset() + i * v, end = j + v; j < end; j++) {
            gb.put(j, 0f);
          }
        }
        continue;
      }
      if (y < 0 || y >= v) {
        throw new IndexOutOfBoundsException("SoftmaxCrossEntropy.forward: target " + y + " at row " + i
            + " outside [0, " + v + ")");
      }
      float max = Float.NEGATIVE_INFINITY;
      double sumZ = 0;
      for (int k = 0; k < v; k++) {
        float z = zb.get(base + k);
        max = Math.max(max, z);
        sumZ += z;
      }
      double sumExp = 0;
      for (int k = 0; k < v; k++) {
        sumExp += Math.exp(zb.get(base + k) - max);
      }
      double lse = max + Math.log(sumExp);
      double zy = zb.get(base + y);
      total += lse - (1.0 - smoothing) * zy - offTarget * sumZ;
      tokens++;
      if (dLogits != null) {
        FloatBuffer gb = dLogits.buffer();
        int gBase = dLogits.offset() + i * v;
        for (int k = 0; k < v; k++) {
          double p = Math.exp(zb.get(base + k) - lse);
          double q = offTarget + (k == y ? 1.0 - smoothing : 0.0);
          gb.put(gBase + k, (float) (gradScale * (p - q)));
        }
      }
    }
    return new Loss(total, tokens);
  }
}
