package dev.tolk.core;

/**
 * General matrix product: {@code C ← α·op(A)·op(B) + β·C}, where {@code op(X)} is {@code X} or {@code Xᵀ}.
 *
 * <p>Tensors are taken as matrices ({@link Tensor#rowCount()} × {@link Tensor#colCount()}). With
 * {@code op(A): [m, k]}, {@code op(B): [k, n]}, {@code C} must be {@code [m, n]}; a mismatch throws with all
 * three shapes. {@code C} must not overlap {@code A} or {@code B}.
 *
 * <p>Backends: {@link #get()} returns the process-wide default, chosen at first use (OpenBLAS when its native
 * library loads, otherwise a pure-Java implementation) and logged.
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

    /** {@code C ← A·B} (no transposes, overwrite). */
    default void mul(Tensor a, Tensor b, Tensor c) {
        gemm(false, false, 1f, a, b, 0f, c);
    }

    /** A short name of the backend, e.g. {@code openblas-0.3.28} or {@code java}. */
    String name();

    /** Number of threads the backend uses. */
    int threads();

    /** Sets the number of threads (≥ 1) the backend may use. */
    void setThreads(int threads);

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
}
