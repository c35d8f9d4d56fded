package dev.tolk.seq2seq.model;

import dev.tolk.core.ComputeThreads;
import dev.tolk.core.ShiftedExp;
import dev.tolk.core.Tensor;
import java.nio.FloatBuffer;

/**
 * Row-wise log-softmax {@code out = z − log Σ_k exp(z_k)} of {@code z: [N, V]}, the decoder's log-probabilities
 * for search. Rows are split over the compute threads (as many as the matrix products use) when the matrix is
 * large enough: the exponentials cost as much as a product here (they are {@link ShiftedExp}'s vectorised ones,
 * within 1 ulp of float's, summed in double). Each row is summed in one order on one thread, so the result does
 * not depend on the thread count.
 */
final class LogSoftmax {
    /** Elements at least this many for the rows to be split over the compute threads. */
    private static final int MIN_ELEMENTS = 1 << 16;

    /** Per thread: the row, its exponentials and {@link ShiftedExp}'s scratch. */
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[3][0]);

    private LogSoftmax() {}

    /** {@code out = z − logΣexp(z)} per row; {@code out: [N, V]} may be {@code z}. */
    static void rows(Tensor z, Tensor out) {
        int n = z.rowCount();
        ComputeThreads.shared()
                .forRows(n, (long) n * z.colCount(), MIN_ELEMENTS, (part, from, to) -> rows(z, out, from, to));
    }

    private static void rows(Tensor z, Tensor out, int from, int to) {
        int v = z.colCount();
        float[][] holder = ROW.get();
        if (holder[0].length < v) {
            for (int i = 0; i < holder.length; i++) {
                holder[i] = new float[v];
            }
        }
        float[] row = holder[0];
        float[] exp = holder[1];
        FloatBuffer zb = z.buffer();
        FloatBuffer ob = out.buffer();
        for (int i = from; i < to; i++) {
            zb.get(z.offset() + i * v, row, 0, v);
            float max = max(row, v);
            ShiftedExp.of(row, max, exp, holder[2], v);
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int k = 0;
            for (; k + 3 < v; k += 4) {
                s0 += exp[k];
                s1 += exp[k + 1];
                s2 += exp[k + 2];
                s3 += exp[k + 3];
            }
            for (; k < v; k++) {
                s0 += exp[k];
            }
            double sum = (s0 + s1) + (s2 + s3);
            float lse = (float) (max + Math.log(sum));
            for (int j = 0; j < v; j++) {
                row[j] -= lse;
            }
            ob.put(out.offset() + i * v, row, 0, v);
        }
    }

    /** The largest of {@code x[0..n)} ({@code n ≥ 1}), four running maxima at a time; NaNs are skipped here and surface in the sum. */
    private static float max(float[] x, int n) {
        float m0 = x[0];
        float m1 = m0;
        float m2 = m0;
        float m3 = m0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            m0 = x[k] > m0 ? x[k] : m0;
            m1 = x[k + 1] > m1 ? x[k + 1] : m1;
            m2 = x[k + 2] > m2 ? x[k + 2] : m2;
            m3 = x[k + 3] > m3 ? x[k + 3] : m3;
        }
        for (; k < n; k++) {
            m0 = x[k] > m0 ? x[k] : m0;
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }
}
