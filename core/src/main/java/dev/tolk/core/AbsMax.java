package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The largest absolute value of some floats: the scale of symmetric int8 quantisation ({@code scale = max|x| / 127}).
 *
 * <p>HotSpot's C2 (JDK 17) compiles a running maximum over one variable ({@link #of(float[], int)}) to slower code
 * than an element-wise maximum into an array ({@link #accumulate}), which it vectorises fully: a matrix is therefore
 * reduced column-wise first, one row at a time, and only its column maxima one by one (measured on 64×256 and
 * 64×1792 activations: 2.1× faster than a running maximum over every element). Operands in direct buffers are
 * copied row by row into a {@code float[]} first: C2 vectorises neither form on a buffer.
 */
final class AbsMax {
    private AbsMax() {}

    /** {@code max_i |x[i]|} over {@code x[0, n)} (0 for n = 0; NaN if any element is NaN). */
    static float of(float[] x, int n) {
        float m = 0f;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(x[i]));
        }
        return m;
    }

    /** {@code max[j] = max(max[j], |x[j]|)} for {@code j < n} (NaN propagates). */
    static void accumulate(float[] x, float[] max, int n) {
        for (int j = 0; j < n; j++) {
            max[j] = Math.max(max[j], Math.abs(x[j]));
        }
    }

    /**
     * {@code max |x|} over a strided matrix in a buffer: {@code rows} rows of {@code cols} floats, the first at
     * {@code offset}, rows {@code ld} floats apart (0 when it is empty; NaN if any element is NaN). {@code row} and
     * {@code max} are scratch of at least {@code cols} floats each.
     */
    static float of(FloatBuffer data, int offset, int rows, int cols, int ld, float[] row, float[] max) {
        Arrays.fill(max, 0, cols, 0f);
        for (int i = 0; i < rows; i++) {
            data.get(offset + i * ld, row, 0, cols);
            accumulate(row, max, cols);
        }
        return of(max, cols);
    }
}
