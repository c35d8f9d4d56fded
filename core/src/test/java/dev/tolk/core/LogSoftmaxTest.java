package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LogSoftmax} in both of its implementations, against the log-sum-exp computed in double: the Java loop
 * ({@link ShiftedExp}) within 1e-6 relative, oneDNN's {@code softmax_log} within 4e-6 (its exponential and
 * logarithm are approximations too; up to 2e-6 measured).
 */
class LogSoftmaxTest {
    /** Rows {@code [from, to)} by one implementation. */
    private interface Rows {
        void run(Tensor z, Tensor out, int from, int to);
    }

    private static Rows implementation(String name) {
        if (name.equals("java")) {
            return LogSoftmax::javaRows;
        }
        assumeTrue(GemmConfigurations.nativeShipped());
        OneDnnGemm g = OneDnnGemm.load(1);
        assumeTrue(g.fastLogSoftmax(), "oneDNN has only its reference softmax here");
        return g::logSoftmaxRows;
    }

    private static double tolerance(String name) {
        return name.equals("java") ? 1e-6 : 4e-6;
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "onednn"})
    void matchesTheLogSumExpComputedInDoubleAndNormalises(String name) {
        Rows impl = implementation(name);
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
        impl.run(z, out, 0, n);
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
                        tolerance(name) * Math.max(Math.max(1, Math.abs(lse)), Math.abs(expected))
                                + Math.ulp((float) lse),
                        "row " + i + ", column " + k);
                total += Math.exp(got);
            }
            // (z − lse is rounded to float: near 5000 a float is 5e-4 apart, so that row sums to 1 only within that)
            assertEquals(1.0, total, 1e-5 + Math.ulp((float) lse), "row " + i + " sums to 1");
        }
    }

    /**
     * In place, and a NaN logit leaves no finite log-probability in its row (Java: the row is NaN; oneDNN: NaN in its
     * place, −∞ elsewhere), so search never prefers a token of a broken row.
     */
    @ParameterizedTest
    @ValueSource(strings = {"java", "onednn"})
    void mayWriteInPlaceAndANanLogitLeavesNoFiniteValueInItsRow(String name) {
        Rows impl = implementation(name);
        Tensor z = Tensor.of(new float[] {0f, (float) Math.log(3), 0f, 1f, Float.NaN, 2f}, 2, 3);
        impl.run(z, z, 0, 2);
        double lse = Math.log(5); // the error is mostly the log-sum-exp's, shared by the row
        assertEquals(Math.log(0.2), z.buffer().get(0), tolerance(name) * lse);
        assertEquals(Math.log(0.6), z.buffer().get(1), tolerance(name) * lse);
        assertEquals(Math.log(0.2), z.buffer().get(2), tolerance(name) * lse);
        for (int k = 3; k < 6; k++) {
            float x = z.buffer().get(k);
            assertTrue(Float.isNaN(x) || x == Float.NEGATIVE_INFINITY, "column " + (k - 3) + ": " + x);
        }
        assertTrue(Float.isNaN(z.buffer().get(4)));
    }

    /**
     * oneDNN computes each row alone: rows one at a time, in its blocks of 16 and from an odd start give the same
     * bits, for a vocabulary whose rows are not 64-byte aligned.
     */
    @Test
    void oneDnnRowsDoNotDependOnTheirBlock() {
        Rows impl = implementation("onednn");
        int n = 37;
        int v = 1001;
        Tensor z = GemmTest.random(new java.util.SplittableRandom(5), n, v);
        Tensor all = Tensor.zeros(n, v);
        impl.run(z, all, 0, n);
        Tensor single = Tensor.zeros(n, v);
        for (int i = 0; i < n; i++) {
            impl.run(z, single, i, i + 1);
        }
        Tensor split = Tensor.zeros(n, v);
        impl.run(z, split, 0, 5);
        impl.run(z, split, 5, n);
        assertArrayEquals(all.toArray(), single.toArray(), 0f);
        assertArrayEquals(all.toArray(), split.toArray(), 0f);
    }

    /** Rows split over the compute threads give the bits of one thread, whichever backend is the default. */
    @Test
    void threadCountsGiveTheSameBits() {
        int n = 64;
        int v = 4000; // above the split threshold
        Tensor z = GemmTest.random(new java.util.SplittableRandom(6), n, v);
        Gemm gemm = Gemm.get();
        int before = gemm.threads();
        Tensor[] out = {Tensor.zeros(n, v), Tensor.zeros(n, v)};
        try {
            for (int t = 0; t < 2; t++) {
                gemm.setThreads(t + 1);
                LogSoftmax.rows(z, out[t]);
            }
        } finally {
            gemm.setThreads(before);
        }
        assertArrayEquals(out[0].toArray(), out[1].toArray(), 0f);
        assertTrue(out[0].get(0) < 0f);
    }
}
