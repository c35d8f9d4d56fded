package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
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
}
