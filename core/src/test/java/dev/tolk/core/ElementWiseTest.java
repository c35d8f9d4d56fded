package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The array kernels that the attention and the GRU run their rows through give the same bits as the scalar
 * definitions they replace, so that vectorising a loop never changes a model's numbers.
 */
class ElementWiseTest {
    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 257})
    void tanhOfSumIsTanhOfEachSumBitForBit(int n) {
        SplittableRandom rng = new SplittableRandom(n);
        float[] x = random(rng, n, 6);
        float[] y = random(rng, n, 6);
        x[0] = 20f; // beyond the clamp: exactly 1
        float[] out = new float[n];
        ElementWise.tanhOfSum(x, y, out, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(ElementWise.tanh(y[i] + x[i])), Float.floatToIntBits(out[i]), "at " + i);
            assertEquals(Math.tanh((double) x[i] + y[i]), out[i], 1e-6);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 13, 256})
    void dot4IsFourDotsBitForBit(int n) {
        SplittableRandom rng = new SplittableRandom(31 + n);
        float[] x = random(rng, n, 1);
        float[][] y = new float[4][];
        for (int r = 0; r < 4; r++) {
            y[r] = random(rng, n, 1);
        }
        float[] out = new float[6];
        ElementWise.dot4(x, y[0], y[1], y[2], y[3], n, out, 2);
        assertEquals(0f, out[0]);
        assertEquals(0f, out[1]);
        for (int r = 0; r < 4; r++) {
            float dot = ElementWise.dot(x, y[r], n);
            assertEquals(Float.floatToIntBits(dot), Float.floatToIntBits(out[2 + r]), "row " + r);
            double exact = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) x[i] * y[r][i];
            }
            assertEquals(exact, out[2 + r], 1e-5);
        }
    }

    /**
     * The copy is split over the compute threads above {@link ElementWise#PARALLEL_COPY_MIN} floats: every size
     * around the split points (a range cut mid-chunk, a last chunk shorter than the others) copies every element
     * exactly, into and out of views, on one and on three threads, and nothing outside the target is touched.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 4097, ElementWise.PARALLEL_COPY_MIN - 1, ElementWise.PARALLEL_COPY_MIN + 4095, 600_001})
    void copyCopiesEveryElementWhateverTheSplit(int n) {
        Gemm gemm = Gemm.get();
        int before = gemm.threads();
        try {
            for (int threads : new int[] {1, 3}) {
                gemm.setThreads(threads);
                float[] values = random(new SplittableRandom(n), n, 100);
                Tensor src = Tensor.zeros(n + 5).rows(3, n); // a view: offset 3
                src.copyFrom(values);
                Tensor whole = Tensor.zeros(n + 2);
                whole.fill(Float.NaN);
                Tensor dst = whole.rows(1, n);
                ElementWise.copy(src, dst);
                assertArrayEquals(values, dst.toArray(), 0f);
                assertTrue(Float.isNaN(whole.get(0)) && Float.isNaN(whole.get(n + 1)), "outside the target");
            }
        } finally {
            gemm.setThreads(before);
        }
    }

    @Test
    void copyRefusesTensorsOfDifferentSizes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ElementWise.copy(Tensor.zeros(2, 3), Tensor.zeros(5)));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
