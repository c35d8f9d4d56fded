package dev.tolk.seq2seq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogSoftmaxTest {

    @Test
    void matchesTheLogSumExpComputedInDoubleAndNormalises() {
        Random r = new Random(3);
        int n = 7;
        int v = 6003;
        float[] values = new float[n * v];
        for (int i = 0; i < n; i++) {
            float spread = new float[] {0.01f, 1f, 5f, 30f, 200f, 1f, 3f}[i];
            for (int k = 0; k < v; k++) {
                values[i * v + k] = (float) r.nextGaussian() * spread + (i == 5 ? 5000f : 0f);
            }
        }
        Tensor z = Tensor.of(values, n, v);
        Tensor out = Tensor.zeros(n, v);
        LogSoftmax.rows(z, out);
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, values[i * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(values[i * v + k] - max);
            }
            double lse = max + Math.log(sum);
            double total = 0;
            for (int k = 0; k < v; k++) {
                double expected = values[i * v + k] - lse;
                float got = out.buffer().get(i * v + k);
                assertEquals(
                        expected,
                        got,
                        1e-6 * Math.max(1, Math.abs(expected)) + Math.ulp((float) lse),
                        "row " + i + ", column " + k);
                total += Math.exp(got);
            }
            // (z − lse is rounded to float: near 5000 a float is 5e-4 apart, so that row sums to 1 only within that)
            assertEquals(1.0, total, 1e-5 + Math.ulp((float) lse), "row " + i + " sums to 1");
        }
    }

    @Test
    void mayWriteInPlaceAndANanLogitMakesTheRowNan() {
        Tensor z = Tensor.of(new float[] {0f, (float) Math.log(3), 1f, Float.NaN}, 2, 2);
        LogSoftmax.rows(z, z);
        assertEquals(Math.log(0.25), z.buffer().get(0), 1e-6);
        assertEquals(Math.log(0.75), z.buffer().get(1), 1e-6);
        assertTrue(Float.isNaN(z.buffer().get(2)) && Float.isNaN(z.buffer().get(3)));
    }
}
