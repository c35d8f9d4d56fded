package dev.tolk.core;

/**
 * General matrix product: {@code C ← α·op(A)·op(B) + β·C}, where {@code op(X)} is {@code X} or {@code Xᵀ}.
 *
 * <p>Tensors are taken as matrices ({@link Tensor#rowCount()} × {@link Tensor#colCount()}). With
 * {@code op(A): [m, k]}, {@code op(B): [k, n]}, {@code C} must be {@code [m, n]}; a mismatch throws with all
 * three shapes. {@code C} must not overlap {@code A} or {@code B}.
 *
 * <p>Backends: {@link #get()} returns the process-wide default, chosen at first use: oneDNN ({@link OneDnnGemm})
 * when its native library loads on this CPU, else OpenBLAS ({@link OpenBlasGemm}), else the pure-Java
 * {@link JavaGemm}; the system property {@code tolk.gemm} ({@code onednn}, {@code openblas}, {@code java}) forces
 * one. The choice is logged once, at the first product, with its precision and thread count.
 *
 * <p><b>Precision and weights.</b> {@link #setPrecision(Precision)} selects the operands' number format
 * ({@link Precision}); every backend computes {@link Precision#FP32}, oneDNN also bf16 and int8. Model code passes
 * {@link Parameter} values as operands like any tensor; a backend recognises them ({@link Tensor#isWeight()}) and
 * may keep them converted, packed or quantised between products until they change (see {@link PackedWeights}).
 */
public interface Gemm {

    /** {@code C ← α·op(A)·op(B) + β·C}. */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /**
     * {@code C ← α·op(A)·op(B) + β·C} on column blocks: each operand is some columns of a row-major matrix (see
     * {@link ColumnBlock}), so parts of a weight matrix take part in a product without copies. Shapes follow the
     * tensor form with a block's {@code [rows, count]} as its matrix. {@code C} must not overlap {@code A} or
     * {@code B}. This default copies blocks that are not whole matrices; backends override it with strided
     * products.
     */
    default void gemm(
            boolean transA, boolean transB, float alpha, ColumnBlock a, ColumnBlock b, float beta, ColumnBlock c) {
        checkShapes(transA, transB, a, b, c);
        Tensor ta = a.whole() ? a.matrix() : a.copy();
        Tensor tb = b.whole() ? b.matrix() : b.copy();
        Tensor tc = c.whole() ? c.matrix() : c.copy();
        gemm(transA, transB, alpha, ta, tb, beta, tc);
        if (!c.whole()) {
            c.copyFrom(tc);
        }
    }

    /**
     * {@code C ← α·op(A)·op(B) + bias}, with {@code bias: [n]} added to every row of {@code C} (a layer's bias), on
     * column blocks as {@link #gemm(boolean, boolean, float, ColumnBlock, ColumnBlock, float, ColumnBlock)}.
     * Backends may add the bias inside the product (oneDNN does, as the primitive's bias, so {@code C} is written
     * once); this default writes the product and then adds {@code bias} to each element in float, which gives the
     * bits of a product followed by {@link ElementWise#addRowVector}.
     */
    default void gemmBias(
            boolean transA, boolean transB, float alpha, ColumnBlock a, ColumnBlock b, Tensor bias, ColumnBlock c) {
        checkBias(checkShapes(transA, transB, a, b, c), bias);
        gemm(transA, transB, alpha, a, b, 0f, c);
        c.addToEveryRow(bias);
    }

    /** {@link #gemmBias(boolean, boolean, float, ColumnBlock, ColumnBlock, Tensor, ColumnBlock)} on whole matrices. */
    default void gemmBias(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, Tensor bias, Tensor c) {
        gemmBias(transA, transB, alpha, ColumnBlock.of(a), ColumnBlock.of(b), bias, ColumnBlock.of(c));
    }

    /** {@code C ← A·B} (no transposes, overwrite). */
    default void mul(Tensor a, Tensor b, Tensor c) {
        gemm(false, false, 1f, a, b, 0f, c);
    }

    /** A short name of the backend, e.g. {@code onednn-3.11.0}, {@code openblas-0.3.31} or {@code java}. */
    String name();

    /** Number of threads the backend uses. */
    int threads();

    /** Sets the number of threads (≥ 1) the backend may use. */
    void setThreads(int threads);

    /** The number format of the products' operands ({@link Precision#FP32} unless set). */
    default Precision precision() {
        return Precision.FP32;
    }

    /** Whether this backend computes products at {@code precision} on this machine. */
    default boolean supports(Precision precision) {
        return precision == Precision.FP32;
    }

    /**
     * Sets the number format of the products' operands (this instance; the default backend's setting applies to the
     * whole process).
     *
     * @throws IllegalArgumentException when the backend does not support {@code precision} here ({@link #supports}),
     *     with a message that says what to use instead
     */
    default void setPrecision(Precision precision) {
        if (precision != Precision.FP32) {
            throw new IllegalArgumentException(name() + " computes fp32 products only, not " + precision);
        }
    }

    /** The process-wide default backend. */
    static Gemm get() {
        return GemmBackend.DEFAULT.get();
    }

    /**
     * Checks the shapes of a product and returns {@code {m, n, k}}.
     *
     * @throws IllegalArgumentException naming the three shapes when they do not fit
     */
    static int[] checkShapes(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = transA ? a.colCount() : a.rowCount();
        int ka = transA ? a.rowCount() : a.colCount();
        int kb = transB ? b.colCount() : b.rowCount();
        int n = transB ? b.rowCount() : b.colCount();
        if (ka != kb || c.rowCount() != m || c.colCount() != n) {
            throw new IllegalArgumentException("Gemm: op(A) is [" + m + ", " + ka + "], op(B) is [" + kb + ", " + n
                    + "], C is [" + c.rowCount() + ", " + c.colCount() + "]");
        }
        return new int[] {m, n, ka};
    }

    /**
     * Checks the shapes of a product of column blocks and returns {@code {m, n, k}}.
     *
     * @throws IllegalArgumentException naming the three shapes when they do not fit
     */
    static int[] checkShapes(boolean transA, boolean transB, ColumnBlock a, ColumnBlock b, ColumnBlock c) {
        int m = transA ? a.count() : a.rows();
        int ka = transA ? a.rows() : a.count();
        int kb = transB ? b.count() : b.rows();
        int n = transB ? b.rows() : b.count();
        if (ka != kb || c.rows() != m || c.count() != n) {
            throw new IllegalArgumentException("Gemm: op(A) is [" + m + ", " + ka + "], op(B) is [" + kb + ", " + n
                    + "], C is [" + c.rows() + ", " + c.count() + "] (column blocks)");
        }
        return new int[] {m, n, ka};
    }

    /** Checks that {@code bias} is {@code [n]} for a product of shape {@code mnk} ({@link #checkShapes}). */
    static void checkBias(int[] mnk, Tensor bias) {
        if (bias.shape().length != 1 || bias.size() != mnk[1]) {
            throw new IllegalArgumentException("Gemm: the bias is " + java.util.Arrays.toString(bias.shape())
                    + " but C has " + mnk[1] + " columns");
        }
    }
}
