package dev.tolk.core;

import java.util.Arrays;

/**
 * A trainable tensor: its name, its value and the gradient of the loss with respect to it (same shape).
 *
 * <p>Layers <em>accumulate</em> into {@link #grad()} during backward passes; {@link #zeroGrad()} clears it before
 * the next batch (optimisers do this in {@link Optimizer#zeroGrad()}).
 *
 * <p><b>Sparse (row-wise) gradients.</b> A parameter created with {@link #sparseRows} (the table of an
 * {@link Embedding}) records which rows received gradient since the last {@link #zeroGrad()} via
 * {@link #markRowTouched(int)}; {@code zeroGrad()} then clears only those rows (O(touched rows), not O(vocabulary)).
 * The gradient tensor itself stays dense-shaped and untouched rows hold exact zeros, so optimisers may treat it as
 * a dense gradient (see {@link Sgd} and {@link Adam}, which do).
 *
 * <p><b>The value is a weight.</b> A parameter marks its value's storage as a weight ({@link Tensor#isWeight()}), so
 * that matrix-product backends may keep converted or packed copies of it (see {@link PackedWeights}). Every write to
 * the value must therefore go through {@link Tensor}'s mutators, or be followed by {@link Tensor#markModified()}
 * when it goes through {@link Tensor#buffer()} (as the optimisers' updates do).
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private final boolean sparseRows;
    private final boolean[] touched;
    private int[] touchedList;
    private int touchedCount;

    private Parameter(String name, Tensor value, boolean sparseRows) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Parameter: a name is required");
        }
        this.name = name;
        this.value = value;
        value.markWeight();
        this.grad = Tensor.zeros(value.shape());
        this.sparseRows = sparseRows;
        this.touched = sparseRows ? new boolean[value.rowCount()] : null;
        this.touchedList = sparseRows ? new int[16] : null;
    }

    /** A dense parameter wrapping {@code value} (not copied); its gradient starts at zero. */
    public static Parameter of(String name, Tensor value) {
        return new Parameter(name, value, false);
    }

    /** A parameter whose gradient is row-sparse (see the class comment); {@code value: [rows, cols]}. */
    public static Parameter sparseRows(String name, Tensor value) {
        return new Parameter(name, value, true);
    }

    /** The unique name, e.g. {@code encoder.l0.fwd.wx}; optimiser state and checkpoints are keyed by it. */
    public String name() {
        return name;
    }

    /** The value (shared, not a copy). */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, same shape as {@link #value()} (shared, not a copy). */
    public Tensor grad() {
        return grad;
    }

    /** Number of elements. */
    public int size() {
        return value.size();
    }

    /** True if the gradient is tracked row by row (an embedding table). */
    public boolean isSparseRows() {
        return sparseRows;
    }

    /** Records that row {@code row} of the gradient received a contribution (sparse parameters only). */
    public void markRowTouched(int row) {
        if (!sparseRows) {
            throw new IllegalStateException("Parameter " + name + " is dense; markRowTouched is for sparse rows");
        }
        if (!touched[row]) {
            touched[row] = true;
            if (touchedCount == touchedList.length) {
                touchedList = Arrays.copyOf(touchedList, touchedCount * 2);
            }
            touchedList[touchedCount++] = row;
        }
    }

    /** The rows touched since the last {@link #zeroGrad()}, in first-touch order (sparse parameters only). */
    public int[] touchedRows() {
        if (!sparseRows) {
            throw new IllegalStateException("Parameter " + name + " is dense; it does not track rows");
        }
        return Arrays.copyOf(touchedList, touchedCount);
    }

    /** Sets the gradient to zero (only the touched rows for a sparse parameter). */
    public void zeroGrad() {
        if (!sparseRows) {
            grad.zero();
            return;
        }
        int cols = grad.colCount();
        java.nio.FloatBuffer g = grad.buffer();
        int off = grad.offset();
        for (int i = 0; i < touchedCount; i++) {
            int r = touchedList[i];
            touched[r] = false;
            int base = off + r * cols;
            for (int j = 0; j < cols; j++) {
                g.put(base + j, 0f);
            }
        }
        touchedCount = 0;
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + Arrays.toString(value.shape());
    }
}
