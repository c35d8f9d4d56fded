package dev.tolk.core;

import java.nio.FloatBuffer;
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
    float[] chunk = new float[4096];
    for (Parameter p : parameters) {
      Tensor g = p.grad();
      FloatBuffer b = g.buffer();
      for (int c = 0, n = g.size(); c < n; c += chunk.length) {
        int len = Math.min(chunk.length, n - c);
        b.get(g.offset() + c, chunk, 0, len);
        for (int i = 0; i < len; i++) {
          double x = chunk[i];
          sum += x * x;
        }
      }
    }
    return Math.sqrt(sum);
  }

  /** Scales all gradients by {@code min(1, θ/‖g‖)}; returns {@code ‖g‖} before clipping. */
  public double clip(List<Parameter> parameters) {
    double norm = globalNorm(parameters);
    if (norm > maxNorm) {
      float s = (float) (maxNorm / norm);
      for (Parameter p : parameters) {
        ElementWise.scale(s, p.grad());
      }
    }
    return norm;
  }
}
