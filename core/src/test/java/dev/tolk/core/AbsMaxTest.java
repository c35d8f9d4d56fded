package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The int8 quantisation scale's maximum over a strided matrix is exactly the largest absolute value of the matrix's
 * elements, wherever it sits, and nothing outside the matrix (the gaps between rows) counts.
 */
class AbsMaxTest {
    /** A buffer holding a {@code rows × cols} matrix with rows {@code ld} apart from {@code offset}; gaps hold 1e6. */
    private static FloatBuffer matrix(SplittableRandom rng, int offset, int rows, int cols, int ld) {
        FloatBuffer b = FloatBuffer.allocate(offset + rows * ld + 8);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, 1e6f);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                b.put(offset + r * ld + c, (float) (rng.nextDouble() * 2 - 1));
            }
        }
        return b;
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 1, 1", "3, 1, 17, 17", "5, 64, 256, 300", "0, 7, 1, 4", "2, 33, 65, 65", "1, 64, 1792, 1800"})
    void theMaximumIsFoundInEveryRowAndColumnAndTheGapsAreIgnored(int offset, int rows, int cols, int ld) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + cols);
        float[] row = new float[cols];
        float[] max = new float[cols];
        for (int at : new int[] {0, cols - 1, (rows - 1) * cols + cols - 1, (rows / 2) * cols + cols / 2}) {
            FloatBuffer b = matrix(rng, offset, rows, cols, ld);
            int r = at / cols;
            int c = at % cols;
            float peak = at % 2 == 0 ? -3.25f : 3.25f;
            b.put(offset + r * ld + c, peak);
            assertEquals(3.25f, AbsMax.of(b, offset, rows, cols, ld, row, max), "peak at row " + r + ", column " + c);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "5, 9", "64, 256"})
    void theMaximumEqualsTheScalarDefinition(int rows, int cols) {
        SplittableRandom rng = new SplittableRandom(rows + cols);
        FloatBuffer b = matrix(rng, 0, rows, cols, cols);
        float expected = 0f;
        for (int i = 0; i < rows * cols; i++) {
            expected = Math.max(expected, Math.abs(b.get(i)));
        }
        // the scratch is reused dirty: earlier values must not leak into the maximum
        float[] row = new float[cols];
        float[] max = new float[cols];
        java.util.Arrays.fill(max, 1e9f);
        assertEquals(expected, AbsMax.of(b, 0, rows, cols, cols, row, max));
    }

    @ParameterizedTest
    @CsvSource({"0, 4", "3, 0"})
    void anEmptyMatrixHasMaximumZero(int rows, int cols) {
        FloatBuffer b = FloatBuffer.allocate(16);
        assertEquals(0f, AbsMax.of(b, 0, rows, cols, Math.max(cols, 1), new float[4], new float[4]));
    }

    @ParameterizedTest
    @CsvSource({"0", "5", "11"})
    void aNanAnywhereMakesTheMaximumNan(int at) {
        FloatBuffer b = matrix(new SplittableRandom(at), 0, 3, 4, 4);
        b.put(at, Float.NaN);
        assertTrue(Float.isNaN(AbsMax.of(b, 0, 3, 4, 4, new float[4], new float[4])));
    }
}
