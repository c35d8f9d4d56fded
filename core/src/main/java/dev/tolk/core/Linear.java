package dev.tolk.core;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Affine layer {@code y = x·Wᵀ + b} with {@code W: [out, in]} (PyTorch's layout) and {@code b: [out]}.
 *
 * <p>Stateless between calls: {@link #backward} takes the same {@code x} that {@link #forward} took, so one
 * layer can serve every time step of a decoder without caches. Backward accumulates {@code dW += dyᵀ·x},
 * {@code db += Σ_rows dy} and overwrites {@code dx = dy·W}. Initialised Xavier-uniform, bias zero.
 */
public final class Linear implements Trainable {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;
  private final List<Parameter> params;

  /**
   * @param name prefix of the parameter names ({@code name.w}, {@code name.b})
   * @param withBias whether {@code b} exists
   * @param seed seed of the Xavier-uniform initialisation
   */
  public Linear(String name, int inputSize, int outputSize, boolean withBias, long seed) {
    if (inputSize <= 0 || outputSize <= 0) {
      throw new IllegalArgumentException("Linear: sizes must be positive, got in " + inputSize + ", out "
          + outputSize);
    }
    this.in = inputSize;
    this.out = outputSize;
    this.weight = Parameter.of(name + ".w", Tensor.zeros(outputSize, inputSize));
    Initializers.xavierUniform(weight.value(), inputSize, outputSize, new SplittableRandom(seed));
    this.bias = withBias ? Parameter.of(name + ".b", Tensor.zeros(outputSize)) : null;
    this.params = withBias ? List.of(weight, bias) : List.of(weight);
  }

  public int inputSize() {
    return in;
  }

  public int outputSize() {
    return out;
  }

  /** {@code W: [out, in]}. */
  public Parameter weight() {
    return weight;
  }

  /** {@code b: [out]}, or null without bias. */
  public Parameter bias() {
    return bias;
  }

  @Override
  public List<Parameter> parameters() {
    return params;
  }

  /** {@code y = x·Wᵀ + b}. {@code x: [n, in]}, {@code y: [n, out]} (overwritten). */
  public void forward(Tensor x, Tensor y) {
    check("forward", x, y, "y");
    Gemm.get().gemm(false, true, 1f, x, weight.value(), 0f, y);
    if (bias != null) {
      ElementWise.addRowVector(y, bias.value());
    }
  }

  /**
   * Accumulates {@code dW += dyᵀ·x}, {@code db += Σ dy}; writes {@code dx = dy·W} when {@code dx} is non-null.
   * {@code x: [n, in]} (as given to forward), {@code dy: [n, out]}, {@code dx: [n, in]}.
   */
  public void backward(Tensor x, Tensor dy, Tensor dx) {
    check("backward", x, dy, "dy");
    Gemm.get().gemm(true, false, 1f, dy, x, 1f, weight.grad());
    if (bias != null) {
      ElementWise.addColumnSums(dy, bias.grad());
    }
    if (dx != null) {
      if (dx.rowCount() != x.rowCount() || dx.colCount() != in) {
        throw new IllegalArgumentException("Linear.backward: dx is " + java.util.Arrays.toString(dx.shape())
            + " but x is " + java.util.Arrays.toString(x.shape()));
      }
      Gemm.get().gemm(false, false, 1f, dy, weight.value(), 0f, dx);
    }
  }

  private void check(String where, Tensor x, Tensor y, String yName) {
    if (x.colCount() != in) {
      throw new IllegalArgumentException("Linear." + where + ": x is " + java.util.Arrays.toString(x.shape())
          + " but inputSize is " + in);
    }
    if (y.colCount() != out || y.rowCount() != x.rowCount()) {
      throw new IllegalArgumentException("Linear." + where + ": x is " + java.util.Arrays.toString(x.shape())
          + " but " + yName + " is " + java.util.Arrays.toString(y.shape()) + " (outputSize " + out + ")");
    }
  }
}
