package dev.tolk.core;

import java.nio.FloatBuffer;

/**
 * Row-wise log-softmax {@code out = z − log Σ_k exp(z_k)} of {@code z: [N, V]}, the decoder's log-probabilities
 * for search. On the oneDNN backend ({@link OneDnnGemm}) the rows go through oneDNN's {@code softmax_log}
 * primitive, which reads and writes the tensors where they are; on the other backends through
 * {@link ShiftedExp}'s vectorised exponentials (within 1 ulp of float's, summed in double). The two agree within
 * a few ulp, not bit for bit, as the backends' products do not.
 *
 * <p>Rows are split over the compute threads (as many as the matrix products use) when the matrix is large
 * enough: the exponentials cost as much as a product here. Each row is computed the same way whatever the split
 * (oneDNN's kernel treats rows independently; the Java loop sums each row in one order on one thread), so the
 * result does not depend on the thread count.
 */
public final class LogSoftmax {
    /** Elements at least this many for the rows to be split over the compute threads. */
    private static final int MIN_ELEMENTS = 1 << 16;

    /** Per thread: the row, its exponentials and {@link ShiftedExp}'s scratch. */
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[3][0]);

    private LogSoftmax() {}

    /** {@code out = z − logΣexp(z)} per row; {@code out: [N, V]} may be {@code z}. */
    public static void rows(Tensor z, Tensor out) {
        if (z.rowCount() != out.rowCount() || z.colCount() != out.colCount()) {
            throw new IllegalArgumentException("LogSoftmax.rows: z is [" + z.rowCount() + ", " + z.colCount()
                    + "] but out is [" + out.rowCount() + ", " + out.colCount() + "]");
        }
        int n = z.rowCount();
        Gemm gemm = Gemm.get();
        OneDnnGemm dnn = gemm instanceof OneDnnGemm d && d.fastLogSoftmax() ? d : null;
        ComputeThreads.shared().forRows(n, (long) n * z.colCount(), MIN_ELEMENTS, (part, from, to) -> {
            if (dnn != null) {
                dnn.logSoftmaxRows(z, out, from, to);
            } else {
                javaRows(z, out, from, to);
            }
        });
    }

    /** Rows {@code [from, to)} in Java: {@link ShiftedExp}'s exponentials, summed in double. */
    static void javaRows(Tensor z, Tensor out, int from, int to) {
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
