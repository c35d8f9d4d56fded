package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ShiftedExpTest {

    /** exp(x) rounded to float, the reference: Math.exp in double is within 1 ulp of double's exact result. */
    private static float reference(float x) {
        return (float) Math.exp(x);
    }

    @Test
    void withinOneUlpOfFloatOnADenseGridOfTheSoftmaxRange() {
        int n = 1_000_001;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = -87.33f * i / (n - 1);
        }
        float[] out = new float[n];
        ShiftedExp.of(z, 0f, out, new float[n], n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            float ref = reference(z[i]);
            worst = Math.max(worst, Math.abs(out[i] - ref) / Math.ulp(ref));
        }
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
    }

    @Test
    void exactAtZeroAndAtPowersOfTwoOfE() {
        float[] z = {5f, 4f, 5f - 0.6931472f, 5f - 2 * 0.6931472f};
        float[] out = new float[4];
        ShiftedExp.of(z, 5f, out, new float[4], 4);
        assertEquals(1f, out[0]);
        assertEquals(reference(-1f), out[1]);
        assertEquals(0.5f, out[2], Math.ulp(0.5f));
        assertEquals(0.25f, out[3], Math.ulp(0.25f));
    }

    @Test
    void theShiftIsSubtractedAndLargeLogitsStayAccurate() {
        Random r = new Random(7);
        int n = 6000;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = 1000f + (float) r.nextGaussian() * 10f;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        float[] out = new float[n];
        ShiftedExp.of(z, max, out, new float[n], n);
        for (int i = 0; i < n; i++) {
            float ref = reference(z[i] - max);
            assertEquals(ref, out[i], Math.ulp(ref), "element " + i);
        }
    }

    @Test
    void belowTheRangeGivesTheSmallestNormalResultAndNanStaysNan() {
        float[] z = {-100f, Float.NEGATIVE_INFINITY, Float.NaN, 3f};
        float[] out = new float[4];
        ShiftedExp.of(z, 0f, out, new float[4], 4);
        assertEquals(reference(-87.33f), out[0]);
        assertEquals(reference(-87.33f), out[1]);
        assertTrue(Float.isNaN(out[2]));
        assertEquals(1f, out[3], "above the shift counts as the shift");
    }

    @Test
    void outputMayBeTheInputAndOnlyTheFirstNAreWritten() {
        float[] z = {0f, -1f, -2f, 42f};
        ShiftedExp.of(z, 0f, z, new float[3], 3);
        assertEquals(1f, z[0]);
        assertEquals(reference(-1f), z[1], Math.ulp(reference(-1f)));
        assertEquals(reference(-2f), z[2], Math.ulp(reference(-2f)));
        assertEquals(42f, z[3]);
    }

    @Test
    void arraysShorterThanNAreRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> ShiftedExp.of(new float[2], 0f, new float[3], new float[3], 3));
    }
}
