package dev.tolk.core;

/**
 * Heap scratch arrays for a gate loop whose rows are split over the compute threads ({@link
 * ComputeThreads#forRows}): each part gets its own set of {@code arrays} float arrays of {@code width} elements,
 * created on first use and kept. A row's blocks are copied in bulk between the direct buffers and these arrays, so
 * every loop indexes all its arrays alike, which lets the JIT vectorise it (C2 does not vectorise loops mixing
 * {@code a[j]} with {@code b[off + j]}). Not thread-safe across calls: one owner (a cell) runs one loop at a time.
 */
final class RowScratch {
    /** The work of rows {@code [from, to)} with one part's scratch set ({@code arrays × [width]}). */
    @FunctionalInterface
    interface RowLoop {
        void run(float[][] scratch, int from, int to);
    }

    private final int arrays;
    private final int width;
    private float[][][] sets = new float[0][][];

    /**
     * @param arrays arrays per set, at least 1
     * @param width elements per array (the cell's hidden size), at least 1
     */
    RowScratch(int arrays, int width) {
        if (arrays < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "RowScratch: arrays and width must be >= 1, got " + arrays + ", " + width);
        }
        this.arrays = arrays;
        this.width = width;
    }

    /**
     * Runs {@code loop} over rows {@code [0, rows)} split as {@link ComputeThreads#forRows} splits {@code rows ×
     * width} units of work with threshold {@code minWork}; each part gets its own scratch set. Rows must be
     * independent (each row's result the same whatever the split).
     */
    void forRows(int rows, long minWork, RowLoop loop) {
        long work = (long) rows * width;
        float[][][] s = sets(ComputeThreads.partsFor(rows, work, minWork));
        ComputeThreads.shared().forRows(rows, work, minWork, (p, from, to) -> loop.run(s[p], from, to));
    }

    private float[][][] sets(int parts) {
        if (sets.length < parts) {
            float[][][] grown = java.util.Arrays.copyOf(sets, parts);
            for (int i = sets.length; i < parts; i++) {
                grown[i] = new float[arrays][width];
            }
            sets = grown;
        }
        return sets;
    }
}
