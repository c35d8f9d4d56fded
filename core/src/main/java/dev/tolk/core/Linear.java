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
            throw new IllegalArgumentException(
                    "Linear: sizes must be positive, got in " + inputSize + ", out " + outputSize);
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
        if (bias != null) {
            Gemm.get().gemmBias(false, true, 1f, x, weight.value(), bias.value(), y);
        } else {
            Gemm.get().gemm(false, true, 1f, x, weight.value(), 0f, y);
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

    /**
     * Part of {@link #forward}, for an input made of column blocks such as {@code [s; ctx; emb]}: writes (or, with
     * {@code accumulate}, adds) {@code xPart·W[:, from:from+c]ᵀ} into {@code y: [N, out]}, where {@code xPart:
     * [N, c]} holds input columns {@code [from, from+c)}. No bias (see {@link #forwardColumnsWithBias}). Lets a
     * caller compute a block that is constant over many rows once.
     */
    public void forwardColumns(ColumnBlock xPart, int from, Tensor y, boolean accumulate) {
        checkPart("forwardColumns", xPart, from, y, "y");
        Gemm.get()
                .gemm(
                        false,
                        true,
                        1f,
                        xPart,
                        ColumnBlock.of(weight.value(), from, xPart.count()),
                        accumulate ? 1f : 0f,
                        ColumnBlock.of(y));
    }

    /**
     * As {@link #forwardColumns} (writing {@code y}), plus the bias (if any): {@code y = xPart·W[:, from:from+c]ᵀ +
     * b}, the bias added inside the product where the backend can ({@link Gemm#gemmBias}).
     */
    public void forwardColumnsWithBias(ColumnBlock xPart, int from, Tensor y) {
        if (bias == null) {
            forwardColumns(xPart, from, y, false);
            return;
        }
        checkPart("forwardColumnsWithBias", xPart, from, y, "y");
        Gemm.get()
                .gemmBias(
                        false,
                        true,
                        1f,
                        xPart,
                        ColumnBlock.of(weight.value(), from, xPart.count()),
                        bias.value(),
                        ColumnBlock.of(y));
    }

    /**
     * Backward of {@link #forwardColumns}: {@code dW[:, from:from+c] += dyᵀ·xPart} and, if {@code dxPart: [N, c]} is
     * non-null, writes (or, with {@code accumulate}, adds) {@code dy·W[:, from:from+c]} into it. The bias gradient
     * is {@link #backwardBias}'s.
     */
    public void backwardColumns(ColumnBlock xPart, int from, Tensor dy, ColumnBlock dxPart, boolean accumulate) {
        checkPart("backwardColumns", xPart, from, dy, "dy");
        int c = xPart.count();
        Gemm gemm = Gemm.get();
        gemm.gemm(true, false, 1f, ColumnBlock.of(dy), xPart, 1f, ColumnBlock.of(weight.grad(), from, c));
        if (dxPart != null) {
            if (dxPart.rows() != xPart.rows() || dxPart.count() != c) {
                throw new IllegalArgumentException("Linear.backwardColumns: xPart is [" + xPart.rows() + ", " + c
                        + "] but dxPart is [" + dxPart.rows() + ", " + dxPart.count() + "]");
            }
            gemm.gemm(
                    false,
                    false,
                    1f,
                    ColumnBlock.of(dy),
                    ColumnBlock.of(weight.value(), from, c),
                    accumulate ? 1f : 0f,
                    dxPart);
        }
    }

    /**
     * Backward of the bias of {@link #forwardColumnsWithBias}: adds the column sums of {@code dy: [N, out]} to the
     * bias gradient.
     */
    public void backwardBias(Tensor dy) {
        if (bias != null) {
            ElementWise.addColumnSums(dy, bias.grad());
        }
    }

    private void checkPart(String where, ColumnBlock xPart, int from, Tensor y, String yName) {
        if (from < 0 || from + xPart.count() > in) {
            throw new IllegalArgumentException("Linear." + where + ": columns [" + from + ", " + (from + xPart.count())
                    + ") outside the input of " + in);
        }
        if (y.colCount() != out || y.rowCount() != xPart.rows()) {
            throw new IllegalArgumentException("Linear." + where + ": xPart is [" + xPart.rows() + ", " + xPart.count()
                    + "] but " + yName + " is " + java.util.Arrays.toString(y.shape()) + " (outputSize " + out + ")");
        }
    }

    private void check(String where, Tensor x, Tensor y, String yName) {
        if (x.colCount() != in) {
            throw new IllegalArgumentException(
                    "Linear." + where + ": x is " + java.util.Arrays.toString(x.shape()) + " but inputSize is " + in);
        }
        if (y.colCount() != out || y.rowCount() != x.rowCount()) {
            throw new IllegalArgumentException("Linear." + where + ": x is " + java.util.Arrays.toString(x.shape())
                    + " but " + yName + " is " + java.util.Arrays.toString(y.shape()) + " (outputSize " + out + ")");
        }
    }
}
