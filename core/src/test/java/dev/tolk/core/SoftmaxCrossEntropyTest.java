package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The loss and its gradient on a matrix large enough to be split over threads: against the definition in double
 * precision, and the same bits whichever the number of threads.
 */
class SoftmaxCrossEntropyTest {

    @Test
    void largeBatchMatchesTheDefinitionAndIsIndependentOfThreads() {
        int n = 40;
        int v = 3001;
        SplittableRandom rnd = new SplittableRandom(3);
        Tensor logits = Tensor.zeros(n, v);
        for (int i = 0; i < logits.size(); i++) {
            logits.set(i, (float) (rnd.nextDouble() * 8 - 4));
        }
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = i % 7 == 3 ? 0 : 1 + rnd.nextInt(v - 1); // id 0 = padding, ignored
        }
        float eps = 0.1f;
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0, eps);
        Gemm gemm = Gemm.get();
        int before = gemm.threads();
        Tensor g1 = Tensor.zeros(n, v);
        Tensor g2 = Tensor.zeros(n, v);
        SoftmaxCrossEntropy.Loss l1;
        SoftmaxCrossEntropy.Loss l2;
        try {
            gemm.setThreads(1);
            l1 = ce.forward(logits, targets, g1, 0.5f);
            gemm.setThreads(2);
            l2 = ce.forward(logits, targets, g2, 0.5f);
        } finally {
            gemm.setThreads(before);
        }
        assertEquals(l1.sum(), l2.sum(), 0.0);
        assertEquals(l1.tokens(), l2.tokens());
        for (int i = 0; i < g1.size(); i++) {
            assertEquals(Float.floatToRawIntBits(g1.get(i)), Float.floatToRawIntBits(g2.get(i)), "gradient at " + i);
        }
        // the definition: loss = lse − (1−ε) z_y − ε/V Σ z ; gradient = scale (softmax − ((1−ε) onehot + ε/V))
        double total = 0;
        int tokens = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] == 0) {
                for (int k = 0; k < v; k++) {
                    assertEquals(0f, g1.get(i, k), "padding row " + i);
                }
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            double sumZ = 0;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, logits.get(i, k));
                sumZ += logits.get(i, k);
            }
            double se = 0;
            for (int k = 0; k < v; k++) {
                se += Math.exp(logits.get(i, k) - max);
            }
            double lse = max + Math.log(se);
            total += lse - (1 - eps) * logits.get(i, targets[i]) - eps / v * sumZ;
            tokens++;
            for (int k = 0; k < v; k += 97) {
                double want = 0.5 * (Math.exp(logits.get(i, k) - lse) - (k == targets[i] ? 1 - eps : 0) - eps / v);
                assertEquals(want, g1.get(i, k), 1e-7, "gradient [" + i + ", " + k + "]");
            }
            double wantY = 0.5 * (Math.exp(logits.get(i, targets[i]) - lse) - (1 - eps) - eps / v);
            assertEquals(wantY, g1.get(i, targets[i]), 1e-7, "gradient at the target of row " + i);
        }
        assertEquals(tokens, l1.tokens());
        assertEquals(total, l1.sum(), 1e-9 * Math.abs(total) + 1e-6);
    }

    @Test
    void targetOutsideTheVocabularyIsReportedWithItsRow() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0, 0f);
        IndexOutOfBoundsException e = assertThrows(
                IndexOutOfBoundsException.class, () -> ce.forward(Tensor.zeros(2, 3), new int[] {1, 3}, null, 1f));
        assertEquals("SoftmaxCrossEntropy.forward: target 3 at row 1 outside [0, 3)", e.getMessage());
    }
}
