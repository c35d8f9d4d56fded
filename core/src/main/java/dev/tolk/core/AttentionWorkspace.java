package dev.tolk.core;

import java.util.Arrays;

/**
 * Every buffer of an {@link AdditiveAttention} for one memory ({@code S} source positions of {@code B} sentences):
 * the keys and the gradients accumulated over the steps, as tensors (for the matrix products) and as heap copies
 * (so the per-row loops of forward and backward run on {@code float[]}, without per-element buffer bounds checks),
 * and the row scratch of those loops. Storage only grows; {@link #prepare} sizes it for a memory and zeroes the
 * gradient accumulators, so the decoder's step loop allocates nothing. The names follow {@link AdditiveAttention}'s
 * equations: {@code A} the attention size, {@code K} the key size.
 */
final class AttentionWorkspace {
    private final int attn;
    private final int key;

    /** {@code k_j = W_h h_j + b} for every position, {@code [S·B, A]} (row {@code j·B + b}). */
    Tensor keys;
    /** {@code ∂L/∂k}, {@code [S·B, A]}, filled from {@link #dKeyRows} by {@link #storeGradients}. */
    Tensor dKeys;
    /** {@code ∂L/∂h}, {@code [S, B, K]}, filled from {@link #dMemRows} by {@link #storeGradients}. */
    Tensor dMemory;
    /**
     * Heap copies of the memory {@code h} and the keys, {@code [S·B][K]} and {@code [S·B][A]}: one array per
     * position (row {@code j·B + b}), so that the row loops index every array from 0, which C2 vectorises
     * ({@link ElementWise#tanhOfSum}); capacity-long.
     */
    float[][] memPool = new float[0][];

    float[][] keyPool = new float[0][];
    /**
     * The rows the steps read, {@code [S·N]} (row {@code j·N + i} for step row {@code i}): the pools themselves, or,
     * when step rows share a sentence's memory ({@link #copyIn}'s {@code rowSource}), references to its pool rows.
     */
    float[][] memRows = new float[0][];

    float[][] keyRows = new float[0][];
    /** The steps' gradients w.r.t. {@code h} and {@code k}, accumulated on the heap, rows as above. */
    float[][] dMemRows = new float[0][];

    float[][] dKeyRows = new float[0][];
    /** {@code v} and {@code ∂L/∂v} of one step, {@code [A]}. */
    float[] vArr = new float[0];

    float[] dvArr = new float[0];
    /**
     * Backward rows: {@code ∂L/∂q}, {@code u = tanh(·)}, {@code α}, {@code ∂L/∂c}, {@code ∂L/∂k_j}, {@code h_j},
     * {@code ∂L/∂(W_s s + k_j)}.
     */
    float[] rowQ = new float[0];

    float[] rowU = new float[0];
    float[] rowA = new float[0];
    float[] rowC = new float[0];
    /** {@code ∂L/∂(W_s s + k_j)} of one position, {@code [A]}. */
    float[] rowPre = new float[0];
    /** Backward rows: {@code ∂L/∂α_j} in double precision, {@code [S]}. */
    double[] daScratch = new double[0];
    /** Forward rows: one scratch per thread. */
    RowScratch[] rowScratch = new RowScratch[0];

    private Tensor keysBuf;
    private Tensor dKeysBuf;
    private Tensor dMemoryBuf;
    private Tensor dQueryBuf;

    AttentionWorkspace(int attentionSize, int keySize) {
        this.attn = attentionSize;
        this.key = keySize;
    }

    /**
     * One thread's row scratch for the forward rows: {@code q}, {@code u}, {@code α}, {@code c}, {@code k_j},
     * {@code h_j}.
     */
    static final class RowScratch {
        float[] q = new float[0];
        /** Four rows of tanh activations, scored together by {@link ElementWise#dot4}. */
        float[][] u = new float[4][0];

        float[] a = new float[0];
        float[] c = new float[0];

        void ensure(int attn, int srcLen, int key) {
            if (q.length != attn) {
                q = new float[attn];
                for (int i = 0; i < u.length; i++) {
                    u[i] = new float[attn];
                }
            }
            if (a.length < srcLen) {
                a = new float[srcLen];
            }
            if (c.length != key) {
                c = new float[key];
            }
        }
    }

    /**
     * Sizes every buffer for a memory of {@code len} positions of {@code b} sentences and zeroes the gradient
     * accumulators ({@link #dKeys}, {@link #dMemory} and their heap copies). The keys are left to be computed.
     */
    void prepare(int len, int b) {
        int n = len * b;
        if (keysBuf == null || keysBuf.size() < n * attn) {
            keysBuf = Tensor.zeros(n * attn);
            dKeysBuf = Tensor.zeros(n * attn);
            dMemoryBuf = Tensor.zeros(n * key);
        }
        if (dMemoryBuf.size() < n * key) {
            dMemoryBuf = Tensor.zeros(n * key);
        }
        keys = keysBuf.rows(0, n * attn).reshape(n, attn);
        dKeys = dKeysBuf.rows(0, n * attn).reshape(n, attn);
        dMemory = dMemoryBuf.rows(0, n * key).reshape(len, b, key);
        if (memPool.length < n) {
            memPool = grown(memPool, n, key);
            dMemRows = grown(dMemRows, n, key);
            keyPool = grown(keyPool, n, attn);
            dKeyRows = grown(dKeyRows, n, attn);
        }
        for (int i = 0; i < n; i++) {
            Arrays.fill(dMemRows[i], 0f);
            Arrays.fill(dKeyRows[i], 0f);
        }
        if (vArr.length != attn) {
            vArr = new float[attn];
            dvArr = new float[attn];
            rowQ = new float[attn];
            rowU = new float[attn];
        }
        if (rowA.length < len) {
            rowA = new float[len];
        }
        if (rowC.length != key) {
            rowC = new float[key];
        }
        if (rowPre.length != attn) {
            rowPre = new float[attn];
        }
        dKeys.zero();
        dMemory.zero();
    }

    /**
     * Copies the memory {@code [S, B, K]} and the computed {@link #keys} to their heap copies and points the steps'
     * rows at them: step row {@code i} reads sentence {@code rowSource[i]} (null: row {@code i} is sentence
     * {@code i}). Rows that share a sentence share its arrays, so beam search's K hypotheses read one copy.
     */
    void copyIn(Tensor memory, int[] rowSource) {
        int len = memory.dim(0);
        int b = memory.dim(1);
        for (int i = 0; i < len * b; i++) {
            memory.buffer().get(memory.offset() + i * key, memPool[i], 0, key);
            keys.buffer().get(keys.offset() + i * attn, keyPool[i], 0, attn);
        }
        if (rowSource == null) {
            memRows = memPool;
            keyRows = keyPool;
            return;
        }
        int n = rowSource.length;
        if (memRows == memPool || memRows.length < len * n) {
            memRows = new float[len * n][];
            keyRows = new float[len * n][];
        }
        for (int j = 0; j < len; j++) {
            for (int i = 0; i < n; i++) {
                memRows[j * n + i] = memPool[j * b + rowSource[i]];
                keyRows[j * n + i] = keyPool[j * b + rowSource[i]];
            }
        }
    }

    /** {@code rows} grown to {@code n} rows of {@code width} floats; the existing rows are kept. */
    private static float[][] grown(float[][] rows, int n, int width) {
        float[][] out = Arrays.copyOf(rows, Math.max(n, rows.length + rows.length / 4));
        for (int i = rows.length; i < out.length; i++) {
            out[i] = new float[width];
        }
        return out;
    }

    /** @return {@code parts} forward row scratches sized for {@code len} positions (grown, then reused) */
    RowScratch[] rowScratch(int parts, int len) {
        if (rowScratch.length < parts) {
            rowScratch = Arrays.copyOf(rowScratch, parts);
        }
        for (int p = 0; p < parts; p++) {
            if (rowScratch[p] == null) {
                rowScratch[p] = new RowScratch();
            }
            rowScratch[p].ensure(attn, len, key);
        }
        return rowScratch;
    }

    /** @return {@code ∂L/∂q} of one backward step, {@code [B, A]}, zeroed; also sizes {@link #daScratch} */
    Tensor dQuery(int batch, int len) {
        if (dQueryBuf == null || dQueryBuf.rowCount() != batch || dQueryBuf.colCount() != attn) {
            dQueryBuf = Tensor.zeros(batch, attn);
        }
        Tensor dq = dQueryBuf.zero();
        if (daScratch.length < len) {
            daScratch = new double[len];
        }
        return dq;
    }

    /** Moves the heap-accumulated gradients of the first {@code n} positions to {@link #dKeys} and {@link #dMemory}. */
    void storeGradients(int n) {
        for (int i = 0; i < n; i++) {
            dKeys.buffer().put(dKeys.offset() + i * attn, dKeyRows[i], 0, attn);
            dMemory.buffer().put(dMemory.offset() + i * key, dMemRows[i], 0, key);
        }
    }

    /**
     * After the key-projection backward: {@code ∂L/∂k} restarts from zero, and the heap copy of {@code ∂L/∂h}
     * continues from the finished {@link #dMemory}.
     */
    void restartGradients(int n) {
        dKeys.zero();
        for (int i = 0; i < n; i++) {
            Arrays.fill(dKeyRows[i], 0f);
            dMemory.buffer().get(dMemory.offset() + i * key, dMemRows[i], 0, key);
        }
    }
}
