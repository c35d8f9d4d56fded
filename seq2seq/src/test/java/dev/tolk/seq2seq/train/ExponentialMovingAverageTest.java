package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Parameter;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.store.NamedTensor;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The moving average's arithmetic, exactly: {@code ema_n = d_n·ema_(n−1) + (1−d_n)·θ_n} with {@code d_n = min(d, (1 +
 * n)/(10 + n))}, in float64 and rounded to float32 once.
 */
class ExponentialMovingAverageTest {

    private static Parameter param(String name, float... values) {
        return Parameter.of(name, Tensor.of(values, 2, values.length / 2));
    }

    @Test
    void decayWarmsUpThenStaysAtTheSetting() {
        assertEquals(2.0 / 11.0, ExponentialMovingAverage.decayAt(0.9999, 1));
        assertEquals(101.0 / 110.0, ExponentialMovingAverage.decayAt(0.9999, 100));
        assertEquals(0.9999, ExponentialMovingAverage.decayAt(0.9999, 89_991)); // (1+n)/(10+n) > 0.9999 from here
        assertEquals(0.5, ExponentialMovingAverage.decayAt(0.5, 8)); // 9/18
        assertEquals(0.25, ExponentialMovingAverage.decayAt(0.9, 2)); // 3/12
        assertThrows(IllegalArgumentException.class, () -> ExponentialMovingAverage.decayAt(0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(1.0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialMovingAverage(0.0, List.of()));
    }

    @Test
    void averagesExactlyOnHandComputedValues() {
        Parameter w = param("w", 0f, 1f, -2f, 3.5f);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.5, List.of(w)); // ema_0 = θ_0
        w.value().copyFrom(new float[] {1f, 1f, 2f, -0.5f});
        ema.update(8); // d = min(0.5, 9/18) = 0.5
        assertArrayEquals(new float[] {0.5f, 1f, 0f, 1.5f}, ema.export().get(0).values());
        w.value().copyFrom(new float[] {0f, 0f, 0f, 0f});
        ema.update(9); // d = 0.5
        assertArrayEquals(
                new float[] {0.25f, 0.5f, 0f, 0.75f}, ema.export().get(0).values());
        w.value().copyFrom(new float[] {1f, 2f, 4f, -1f});
        ema.update(2); // warm-up: d = 3/12 = 0.25: 0.25·ema + 0.75·θ
        assertArrayEquals(
                new float[] {0.8125f, 1.625f, 3f, -0.5625f}, ema.export().get(0).values());
        assertArrayEquals(new float[] {1f, 2f, 4f, -1f}, w.value().toArray(), "the weights are not touched");
    }

    /**
     * The arithmetic is exactly the documented one: {@code w = 1 − d_n}, {@code d_n·ema} and {@code w·θ} and their sum,
     * each rounded to float64, then the sum rounded to float32. The oracle rounds exact {@link BigDecimal} results to
     * binary64 and binary32 ({@link BigDecimal#doubleValue()} and {@code Float.parseFloat} round correctly), so it does
     * not share a line of arithmetic with the implementation.
     */
    @Test
    void everyUpdateIsTheDocumentedFloat64ComputationRoundedToFloat32() {
        SplittableRandom r = new SplittableRandom(5);
        float[] init = new float[2000];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) (r.nextGaussian() * 0.1);
        }
        Parameter w = param("w", init.clone());
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.999, List.of(w));
        float[] expected = init.clone();
        int offTheExactSum = 0;
        for (long n = 1; n <= 30; n++) {
            float[] theta = new float[init.length];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) (r.nextGaussian() * 0.1);
            }
            w.value().copyFrom(theta);
            ema.update(n);
            double d = Math.min(0.999, (1.0 + n) / (10.0 + n));
            BigDecimal bd = new BigDecimal(d);
            BigDecimal bw = new BigDecimal(BigDecimal.ONE.subtract(bd).doubleValue());
            for (int i = 0; i < theta.length; i++) {
                double p1 = bd.multiply(new BigDecimal(expected[i])).doubleValue();
                double p2 = bw.multiply(new BigDecimal(theta[i])).doubleValue();
                BigDecimal sum = new BigDecimal(p1).add(new BigDecimal(p2));
                float next = Float.parseFloat(new BigDecimal(sum.doubleValue()).toString());
                // the correctly rounded float32 of the exact real d_n·ema + (1 − d_n)·θ differs from it only through
                // the float64 roundings (of 1 − d_n, the products and the sum) near a float32 tie: rarely (219 of
                // these 60000 values), and then by one unit in the last place
                float exact = Float.parseFloat(bd.multiply(new BigDecimal(expected[i]))
                        .add(BigDecimal.ONE.subtract(bd).multiply(new BigDecimal(theta[i])))
                        .toString());
                if (exact != next) {
                    offTheExactSum++;
                    assertEquals(Math.ulp(next), Math.abs(exact - next), "update " + n + " index " + i);
                }
                expected[i] = next;
            }
            assertArrayEquals(expected, ema.export().get(0).values(), "update " + n);
        }
        assertTrue(offTheExactSum < 600, offTheExactSum + " of 60000 values off the exact sum by one ulp");
    }

    @Test
    void averagedWeightsAreLentAndTheTrainedOnesRestoredBitForBit() {
        Parameter a = param("a", 1f, 2f, 3f, 4f);
        Parameter b = param("b", -1f, 0.1f);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.5, List.of(a, b));
        a.value().copyFrom(new float[] {3f, 2f, 1f, 0f});
        b.value().copyFrom(new float[] {1f, 0.3f});
        ema.update(20);
        float[] seen = ema.withAveragedWeights(() -> a.value().toArray());
        assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, seen);
        assertArrayEquals(new float[] {3f, 2f, 1f, 0f}, a.value().toArray());
        assertArrayEquals(new float[] {1f, 0.3f}, b.value().toArray());
        assertArrayEquals(
                new float[] {0f, (float) (0.5 * 0.1f + 0.5 * 0.3f)},
                ema.export().get(1).values());
    }

    @Test
    void restoreChecksNamesAndShapesBeforeCopying() {
        Parameter a = param("a", 1f, 2f, 3f, 4f);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(0.9, List.of(a));
        ema.restore(List.of(new NamedTensor("a", new int[] {2, 2}, new float[] {5, 6, 7, 8})));
        assertArrayEquals(new float[] {5, 6, 7, 8}, ema.export().get(0).values());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ema.restore(List.of(new NamedTensor("a", new int[] {4}, new float[] {0, 0, 0, 0}))));
        assertTrue(e.getMessage().contains("tensor 'a' is [4] but the model needs [2, 2]"), e.getMessage());
        assertArrayEquals(new float[] {5, 6, 7, 8}, ema.export().get(0).values(), "unchanged after a refusal");
    }
}
