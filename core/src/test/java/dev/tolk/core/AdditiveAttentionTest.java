package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Gradient checks (with a source mask, over two decoder steps) and semantics of {@link AdditiveAttention}. */
@Tag("gradients")
class AdditiveAttentionTest {
    private static final int S = 4;
    private static final int B = 3;
    private static final int Q = 5;
    private static final int K = 6;
    private static final int A = 7;

    @Test
    void gradientsWithMaskOverTwoSteps() {
        AdditiveAttention att = new AdditiveAttention("att", Q, K, A, 3);
        Tensor memory = GradientChecker.random(1, S, B, K);
        int[] lengths = {4, 2, 1};
        Tensor s1 = GradientChecker.random(2, B, Q);
        Tensor s2 = GradientChecker.random(3, B, Q);
        Tensor c1 = Tensor.zeros(B, K);
        Tensor c2 = Tensor.zeros(B, K);
        Tensor w1 = GradientChecker.random(4, B, K);
        Tensor w2 = GradientChecker.random(5, B, K);
        Tensor ds1 = Tensor.zeros(B, Q);
        Tensor ds2 = Tensor.zeros(B, Q);
        Tensor dMem = Tensor.zeros(S, B, K);
        AdditiveAttention.Cache k1 = att.newCache();
        AdditiveAttention.Cache k2 = att.newCache();
        List<GradientChecker.Target> t = new ArrayList<>(GradientChecker.targets(att.parameters()));
        t.add(new GradientChecker.Target("memory", memory, dMem));
        t.add(new GradientChecker.Target("s1", s1, ds1));
        t.add(new GradientChecker.Target("s2", s2, ds2));
        GradientChecker.standard()
                .check(
                        () -> {
                            att.setMemory(memory, lengths);
                            att.forward(s1, c1, null);
                            double l = GradientChecker.projection(c1, w1);
                            att.forward(s2, c2, null);
                            return l + GradientChecker.projection(c2, w2);
                        },
                        () -> {
                            att.setMemory(memory, lengths);
                            att.forward(s1, c1, k1);
                            att.forward(s2, c2, k2);
                            att.backward(k2, w2, ds2);
                            att.backward(k1, w1, ds1);
                            dMem.copyFrom(att.backwardMemory());
                        },
                        t)
                .assertPassed();
    }

    @Test
    void weightsAreASoftmaxOverUnmaskedPositions() {
        AdditiveAttention att = new AdditiveAttention("att", Q, K, A, 3);
        Tensor memory = GradientChecker.random(1, S, B, K);
        att.setMemory(memory, new int[] {4, 2, 0});
        Tensor c = Tensor.zeros(B, K);
        att.forward(GradientChecker.random(2, B, Q), c, null);
        Tensor a = att.lastWeights();
        assertEquals(1.0, a.get(0, 0) + a.get(0, 1) + a.get(0, 2) + a.get(0, 3), 1e-6);
        assertEquals(1.0, a.get(1, 0) + a.get(1, 1), 1e-6);
        assertEquals(0f, a.get(1, 2));
        assertEquals(0f, a.get(1, 3));
        assertArrayEquals(new float[K], c.row(2).toArray(), 0f, "empty source gives a zero context");
        for (int k = 0; k < K; k++) {
            assertEquals(
                    a.get(1, 0) * memory.get(1 * K + k) + a.get(1, 1) * memory.get((B + 1) * K + k), c.get(1, k), 1e-6);
        }
    }

    @Test
    void rowsSplitOverThreadsGiveTheSameBits() {
        // B·S·A above the threshold for splitting the rows of a step over the compute threads
        int b = 64;
        int s = 12;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
        Tensor memory = GemmTest.random(rnd, s * b, 40).reshape(s, b, 40);
        Tensor query = GemmTest.random(rnd, b, 24);
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = 1 + rnd.nextInt(s);
        }
        Gemm gemm = Gemm.get();
        int before = gemm.threads();
        Tensor[] ctx = {Tensor.zeros(b, 40), Tensor.zeros(b, 40)};
        Tensor[] weights = new Tensor[2];
        try {
            for (int t = 0; t < 2; t++) {
                gemm.setThreads(t + 1);
                AdditiveAttention att = new AdditiveAttention("att", 24, 40, 64, 5);
                att.setMemory(memory, lengths);
                att.forward(query, ctx[t], null);
                weights[t] = att.lastWeights().copy();
            }
        } finally {
            gemm.setThreads(before);
        }
        for (int i = 0; i < ctx[0].size(); i++) {
            assertEquals(
                    Float.floatToRawIntBits(ctx[0].get(i)), Float.floatToRawIntBits(ctx[1].get(i)), "context " + i);
        }
        for (int i = 0; i < weights[0].size(); i++) {
            assertEquals(
                    Float.floatToRawIntBits(weights[0].get(i)),
                    Float.floatToRawIntBits(weights[1].get(i)),
                    "weight " + i);
        }
        assertEquals(0f, weights[0].get(0, s - 1) * (lengths[0] < s ? 1 : 0), 0f);
    }

    /**
     * Rows that share their sentence's memory (beam search's hypotheses) attend exactly as rows over a memory repeated
     * for them: the same context and weights, bit for bit, with the keys computed once per sentence.
     */
    @Test
    void rowsSharingASentenceAttendAsOverARepeatedMemory() {
        int b = 3;
        int s = 5;
        int[] rowSource = {0, 0, 2, 1, 2, 2, 0};
        int n = rowSource.length;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(12);
        Tensor memory = GemmTest.random(rnd, s * b, K).reshape(s, b, K);
        Tensor repeated = Tensor.zeros(s, n, K);
        ElementWise.gatherRows(memory, 1, rowSource, repeated);
        int[] sentenceLengths = {5, 2, 4};
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = sentenceLengths[rowSource[i]];
        }
        Tensor query = GemmTest.random(rnd, n, Q);
        AdditiveAttention att = new AdditiveAttention("att", Q, K, A, 9);
        Tensor expected = Tensor.zeros(n, K);
        att.setMemory(repeated, lengths);
        att.forward(query, expected, null);
        Tensor expectedWeights = att.lastWeights().copy();
        Tensor shared = Tensor.zeros(n, K);
        att.setMemory(memory, lengths, rowSource);
        att.forward(query, shared, null);
        assertArrayEquals(expected.toArray(), shared.toArray(), 0f);
        assertArrayEquals(expectedWeights.toArray(), att.lastWeights().toArray(), 0f);
        assertEquals(0f, att.lastWeights().get(3, 2), 0f); // row 3 reads sentence 1, of length 2

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> att.forward(query, Tensor.zeros(n, K), att.newCache()));
        assertEquals(
                "AdditiveAttention.forward: the memory's rows are shared (setMemory with rowSource), which is for "
                        + "decoding; a step with a cache needs a plain memory",
                e.getMessage());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> att.setMemory(memory, lengths, new int[] {0, 3, 1, 1, 1, 1, 1}));
        assertEquals("AdditiveAttention.setMemory: rowSource[1] = 3 outside [0, 3)", bad.getMessage());
    }

    @Test
    void lifecycleIsEnforced() {
        AdditiveAttention att = new AdditiveAttention("att", Q, K, A, 3);
        assertThrows(IllegalStateException.class, () -> att.forward(Tensor.zeros(B, Q), Tensor.zeros(B, K), null));
        att.setMemory(Tensor.zeros(S, B, K), null);
        AdditiveAttention.Cache c = att.newCache();
        assertThrows(IllegalStateException.class, () -> att.backward(c, Tensor.zeros(B, K), Tensor.zeros(B, Q)));
        att.forward(Tensor.zeros(B, Q), Tensor.zeros(B, K), c);
        assertThrows(IllegalStateException.class, att::backwardMemory);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> att.forward(Tensor.zeros(2, Q), Tensor.zeros(B, K), null));
        assertEquals("AdditiveAttention.forward: s is [2, 5] but expected [3, 5]", e.getMessage());
    }

    /**
     * A cache reused across batches of changing shape (as length bucketing produces) gives bit-for-bit the
     * context, weights and gradients of a fresh cache: its storage only grows and forward overwrites what backward
     * reads, so stale values from a larger earlier batch never leak in.
     */
    @Test
    void aCacheReusedAcrossShapesMatchesAFreshOne() {
        int[][] shapes = {{6, 4}, {2, 3}, {5, 2}, {6, 4}};
        AdditiveAttention reused = new AdditiveAttention("att", Q, K, A, 3);
        AdditiveAttention.Cache cache = reused.newCache();
        long seed = 10;
        for (int[] shape : shapes) {
            int srcLen = shape[0];
            int batch = shape[1];
            int[] lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = Math.max(1, srcLen - b);
            }
            Tensor memory = GradientChecker.random(seed++, srcLen, batch, K);
            Tensor s = GradientChecker.random(seed++, batch, Q);
            Tensor dContext = GradientChecker.random(seed++, batch, K);

            AdditiveAttention fresh = new AdditiveAttention("att", Q, K, A, 3);
            float[][] expected = run(fresh, fresh.newCache(), memory, lengths, s, dContext);
            float[][] actual = run(reused, cache, memory, lengths, s, dContext);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], "output " + i + " at shape " + srcLen + "x" + batch);
            }
        }
    }

    /** Forward and backward of one step; returns context, weights, ds, dMemory and the parameter gradients. */
    private static float[][] run(
            AdditiveAttention att,
            AdditiveAttention.Cache cache,
            Tensor memory,
            int[] lengths,
            Tensor s,
            Tensor dContext) {
        for (Parameter p : att.parameters()) {
            p.grad().zero();
        }
        Tensor context = Tensor.zeros(s.rowCount(), K);
        Tensor ds = Tensor.zeros(s.rowCount(), Q);
        att.setMemory(memory, lengths);
        att.forward(s, context, cache);
        float[] weights = cache.weights().toArray();
        att.backward(cache, dContext, ds);
        float[] dMemory = att.backwardMemory().toArray();
        List<float[]> out = new ArrayList<>(List.of(context.toArray(), weights, ds.toArray(), dMemory));
        for (Parameter p : att.parameters()) {
            out.add(p.grad().toArray());
        }
        return out.toArray(new float[0][]);
    }
}
