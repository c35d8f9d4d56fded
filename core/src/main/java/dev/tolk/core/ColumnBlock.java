package dev.tolk.core;

/**
 * Columns {@code [from, from + count)} of a row-major matrix, as an operand of
 * {@link Gemm#gemm(boolean, boolean, float, ColumnBlock, ColumnBlock, float, ColumnBlock)}: a
 * {@code [matrix.rowCount(), count]} matrix whose rows are {@code matrix.colCount()} floats apart (the BLAS
 * leading dimension). It lets a product use part of a weight matrix, e.g. the columns of {@code W_out} that
 * multiply the context in {@code [s; ctx; emb]}, without copying it.
 *
 * @param matrix the whole matrix (a tensor taken as {@link Tensor#rowCount()} × {@link Tensor#colCount()})
 * @param from first column
 * @param count number of columns
 */
public record ColumnBlock(Tensor matrix, int from, int count) {

    /** Checks that the columns lie inside the matrix. */
    public ColumnBlock {
        if (matrix == null) {
            throw new IllegalArgumentException("ColumnBlock: matrix is null");
        }
        if (from < 0 || count < 0 || from + count > matrix.colCount()) {
            throw new IllegalArgumentException("ColumnBlock: columns [" + from + ", " + (from + count) + ") outside a "
                    + "matrix of " + matrix.colCount() + " columns");
        }
    }

    /** All columns of {@code matrix}. */
    public static ColumnBlock of(Tensor matrix) {
        return new ColumnBlock(matrix, 0, matrix.colCount());
    }

    /** Columns {@code [from, from + count)} of {@code matrix}. */
    public static ColumnBlock of(Tensor matrix, int from, int count) {
        return new ColumnBlock(matrix, from, count);
    }

    /** Rows of the block (the matrix's rows). */
    public int rows() {
        return matrix.rowCount();
    }

    /** Distance in floats between consecutive rows (the matrix's column count). */
    public int stride() {
        return matrix.colCount();
    }

    /** Whether the block is the whole matrix (then it is contiguous). */
    public boolean whole() {
        return from == 0 && count == matrix.colCount();
    }

    /** A contiguous copy {@code [rows, count]}. */
    Tensor copy() {
        Tensor out = Tensor.zeros(rows(), count);
        copyTo(out);
        return out;
    }

    /** Copies the block into the contiguous {@code out: [rows, count]}. */
    void copyTo(Tensor out) {
        int r = rows();
        int s = stride();
        for (int i = 0; i < r; i++) {
            out.buffer().put(out.offset() + i * count, matrix.buffer(), matrix.offset() + i * s + from, count);
        }
    }

    /** Copies the contiguous {@code src: [rows, count]} into the block. */
    void copyFrom(Tensor src) {
        int r = rows();
        int s = stride();
        for (int i = 0; i < r; i++) {
            matrix.buffer().put(matrix.offset() + i * s + from, src.buffer(), src.offset() + i * count, count);
        }
        matrix.markModified();
    }

    /** Adds {@code v: [count]} to every row of the block (each element in float). */
    void addToEveryRow(Tensor v) {
        if (v.size() != count) {
            throw new IllegalArgumentException(
                    "ColumnBlock.addToEveryRow: v has " + v.size() + " values for " + count + " columns");
        }
        ElementWise.addRowVector(this, v);
    }
}
