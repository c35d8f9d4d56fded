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
            float max = ShiftedExp.shift(row, v);
            ShiftedExp.of(row, max, exp, holder[2], v);
            double sum = ShiftedExp.sum(exp, v);
            float lse = (float) (max + Math.log(sum));
            for (int j = 0; j < v; j++) {
                row[j] -= lse;
            }
            ob.put(out.offset() + i * v, row, 0, v);
        }
    }
}
