package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Additive (Bahdanau) attention (Bahdanau et al. 2015, eqs. 5–6):
 * <pre>
 *   k_j   = W_h h_j + b                     (keys, computed once per sentence batch)
 *   e_tj  = vᵀ tanh(W_s s_t + k_j)           (masked: e_tj = −∞ where j ≥ length)
 *   α_tj  = softmax_j(e_tj)
 *   c_t   = Σ_j α_tj h_j
 * </pre>
 * Shapes: memory (encoder outputs) {@code h: [S, B, keySize]} time-major; query {@code s_t: [B, querySize]};
 * context {@code c_t: [B, keySize]}. Parameters: {@code ws: [A, querySize]}, {@code wh: [A, keySize]},
 * {@code b: [A]}, {@code v: [A]}.
 *
 * <p><b>Lifecycle.</b> {@link #setMemory} (one matrix product for all keys) → any number of {@link #forward} steps
 * (one per decoder step, each with its own {@link Cache} when training, or a null cache for decoding) → their
 * {@link #backward}s in any order → {@link #backwardMemory()} once, which applies the key-projection backward for
 * all steps in one product and returns the gradient w.r.t. the memory. Misuse throws
 * {@link IllegalStateException}. The memory tensor is referenced, not copied: do not modify it until
 * {@link #backwardMemory()}. The keys, the gradients accumulated over the steps and the row scratch live in an
 * {@link AttentionWorkspace} sized once per memory; the step loops allocate nothing.
 */
public final class AdditiveAttention implements Trainable {
    private final int query;
    private final int key;
    private final int attn;
    private final Parameter ws;
    private final Parameter wh;
    private final Parameter bias;
    private final Parameter v;
    private final List<Parameter> params;

    private Tensor memory;
    private int srcLen;
    private int batch;
    /** True when step rows share sentences' memory ({@link #setMemory(Tensor, int[], int[])}): forward-only. */
    private boolean sharedRows;

    private int[] lengths;
    private int pendingBackward;
    private boolean anyBackward;
    private final Cache scratch = new Cache();
    private final AttentionWorkspace w;
    /** Scores ({@code B·S·A} tanh) at least this many for the rows of a forward step to be split over threads. */
    private static final long PARALLEL_MIN = 1 << 15;

    /** Per-step record of a training forward: the query projection, tanh values and weights. */
    public static final class Cache {
        private Tensor q;
        private Tensor u;
        private Tensor alpha;
        private Tensor qStore;
        private Tensor uStore;
        private Tensor alphaStore;
        private Tensor s;
        private boolean filled;
        private int rows = -1;
        private int cols = -1;
        private int attnSize = -1;

        /** The attention weights {@code α: [B, S]} of the held step (a view, valid until the cache is reused). */
        public Tensor weights() {
            if (alpha == null) {
                throw new IllegalStateException("AdditiveAttention.Cache.weights: the cache was never filled");
            }
            return alpha;
        }

        /**
         * Sizes the views for a step of {@code b} rows over {@code len} source positions. The backing storage only
         * grows (by at least a quarter), so batches of changing shape — every batch, with length bucketing — reuse
         * it instead of allocating native memory that only the garbage collector would free. Forward overwrites
         * every element backward reads ({@code u} rows past a sentence's length are neither written nor read).
         * The tanh values {@code u} ({@code [S·B, A]}, the largest part) are kept only for a backward pass
         * ({@code keepU}): the forward-only scratch of decoding never allocates them.
         */
        void prepare(int b, int len, int a, boolean keepU) {
            if (b != rows || len != cols || a != attnSize) {
                qStore = atLeast(qStore, b * a);
                alphaStore = atLeast(alphaStore, b * len);
                q = qStore.rows(0, b * a).reshape(b, a);
                alpha = alphaStore.rows(0, b * len).reshape(b, len);
                u = null;
                rows = b;
                cols = len;
                attnSize = a;
            }
            if (keepU && u == null) {
                uStore = atLeast(uStore, len * b * a);
                u = uStore.rows(0, len * b * a).reshape(len * b, a);
            }
        }

        private static Tensor atLeast(Tensor store, int size) {
            if (store != null && store.size() >= size) {
                return store;
            }
            int grown = store == null ? size : Math.max(size, store.size() + store.size() / 4);
            return Tensor.zeros(grown);
        }
    }

    /** Xavier-uniform {@code W_s}, {@code W_h}; {@code v ~ U(−1/√A, 1/√A)}; zero bias; all from {@code seed}. */
    public AdditiveAttention(String name, int querySize, int keySize, int attentionSize, long seed) {
        if (querySize <= 0 || keySize <= 0 || attentionSize <= 0) {
            throw new IllegalArgumentException("AdditiveAttention: sizes must be positive, got query " + querySize
                    + ", key " + keySize + ", attention " + attentionSize);
        }
        this.query = querySize;
        this.key = keySize;
        this.attn = attentionSize;
        SplittableRandom rng = new SplittableRandom(seed);
        this.ws = Parameter.of(name + ".ws", Tensor.zeros(attentionSize, querySize));
        this.wh = Parameter.of(name + ".wh", Tensor.zeros(attentionSize, keySize));
        this.bias = Parameter.of(name + ".b", Tensor.zeros(attentionSize));
        this.v = Parameter.of(name + ".v", Tensor.zeros(attentionSize));
        Initializers.xavierUniform(ws.value(), querySize, attentionSize, rng);
        Initializers.xavierUniform(wh.value(), keySize, attentionSize, rng);
        Initializers.uniform(v.value(), (float) (1.0 / Math.sqrt(attentionSize)), rng);
        this.params = List.of(ws, wh, bias, v);
        this.w = new AttentionWorkspace(attentionSize, keySize);
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    public int querySize() {
        return query;
    }

    public int keySize() {
        return key;
    }

    /** A new, empty per-step cache. */
    public Cache newCache() {
        return new Cache();
    }

    /**
     * Sets the encoder outputs {@code memory: [S, B, keySize]} and the source lengths ({@code lengths[b]} in
     * {@code [0, S]}, or null for all S) and computes all keys in one matrix product. Resets the backward
     * accumulators.
     */
    public void setMemory(Tensor memory, int[] lengths) {
        setMemory(memory, lengths, null);
    }

    /**
     * As {@link #setMemory(Tensor, int[])}, for steps of {@code N = rowSource.length} rows where row {@code i}
     * attends to sentence {@code rowSource[i]} of {@code memory: [S, B, keySize]} (beam search: each sentence's K
     * hypotheses). The keys are computed once per sentence and the rows of one sentence read the same copy, where
     * repeating the memory K times would compute and read K copies. {@code lengths[i]} is row {@code i}'s. Such a
     * memory is for decoding: a {@link #forward} with a cache is refused. A null {@code rowSource} is the plain form.
     */
    public void setMemory(Tensor memory, int[] lengths, int[] rowSource) {
        if (memory.rank() != 3 || memory.dim(2) != key) {
            throw new IllegalArgumentException("AdditiveAttention.setMemory: memory is "
                    + Arrays.toString(memory.shape()) + " but keySize is " + key);
        }
        int len = memory.dim(0);
        int sentences = memory.dim(1);
        int b = rowSource == null ? sentences : rowSource.length;
        if (rowSource != null) {
            for (int i = 0; i < b; i++) {
                if (rowSource[i] < 0 || rowSource[i] >= sentences) {
                    throw new IllegalArgumentException("AdditiveAttention.setMemory: rowSource[" + i + "] = "
                            + rowSource[i] + " outside [0, " + sentences + ")");
                }
            }
        }
        if (lengths != null) {
            if (lengths.length != b) {
                throw new IllegalArgumentException(
                        "AdditiveAttention.setMemory: " + lengths.length + " lengths for a batch of " + b);
            }
            for (int i = 0; i < b; i++) {
                if (lengths[i] < 0 || lengths[i] > len) {
                    throw new IllegalArgumentException("AdditiveAttention.setMemory: lengths[" + i + "] = " + lengths[i]
                            + " outside [0, " + len + "]");
                }
            }
        }
        this.memory = memory;
        this.srcLen = len;
        this.batch = b;
        this.sharedRows = rowSource != null;
        this.lengths = lengths == null ? null : lengths.clone();
        int n = len * sentences;
        w.prepare(len, sentences);
        // k_j = W_h h_j + b for all S·B positions in one product
        Gemm.get().gemmBias(false, true, 1f, memory.reshape(n, key), wh.value(), bias.value(), w.keys);
        w.copyIn(memory, rowSource);
        pendingBackward = 0;
        anyBackward = false;
    }

    /**
     * {@code context = Σ_j α_j h_j} for query {@code s: [B, querySize]}; {@code context: [B, keySize]}
     * (overwritten); {@code cache} records the step for backward, or null for the forward-only path. The weights
     * are available from the cache (or {@link #lastWeights()} after a null-cache call).
     */
    public void forward(Tensor s, Tensor context, Cache cache) {
        if (memory == null) {
            throw new IllegalStateException("AdditiveAttention.forward: call setMemory first");
        }
        if (s.rowCount() != batch || s.colCount() != query) {
            throw new IllegalArgumentException("AdditiveAttention.forward: s is " + Arrays.toString(s.shape())
                    + " but expected [" + batch + ", " + query + "]");
        }
        if (context.rowCount() != batch || context.colCount() != key) {
            throw new IllegalArgumentException("AdditiveAttention.forward: context is "
                    + Arrays.toString(context.shape()) + " but expected [" + batch + ", " + key + "]");
        }
        if (cache != null && sharedRows) {
            throw new IllegalStateException("AdditiveAttention.forward: the memory's rows are shared (setMemory with "
                    + "rowSource), which is for decoding; a step with a cache needs a plain memory");
        }
        Cache c = cache == null ? scratch : cache;
        c.prepare(batch, srcLen, attn, cache != null);
        Gemm.get().gemm(false, true, 1f, s, ws.value(), 0f, c.q);
        v.value().copyTo(w.vArr);
        // rows are independent: large batches are split over the compute threads, each with its own row scratch
        long work = (long) batch * srcLen * attn;
        AttentionWorkspace.RowScratch[] rows = w.rowScratch(ComputeThreads.partsFor(batch, work, PARALLEL_MIN), srcLen);
        ComputeThreads.shared()
                .forRows(
                        batch,
                        work,
                        PARALLEL_MIN,
                        (p, from, to) -> forwardRows(c, cache != null, context, from, to, rows[p]));
        if (cache != null) {
            cache.s = s;
            cache.filled = true;
            pendingBackward++;
        }
    }

    /**
     * Rows {@code [from, to)} of {@link #forward}: scores, weights and context; the tanh activations {@code u} are
     * kept in {@code c} only for a backward pass ({@code keepU}).
     */
    private void forwardRows(
            Cache c, boolean keepU, Tensor context, int from, int to, AttentionWorkspace.RowScratch r) {
        final float[] va = w.vArr;
        final float[][] keyRows = w.keyRows;
        final float[][] memRows = w.memRows;
        final float[] qa = r.q;
        final float[][] u = r.u;
        final float[] al = r.a;
        final float[] ctx = r.c;
        final int A = attn;
        final int K = key;
        FloatBuffer qb = c.q.buffer();
        FloatBuffer ub = keepU ? c.u.buffer() : null;
        FloatBuffer ab = c.alpha.buffer();
        FloatBuffer cb = context.buffer();
        // Every loop below runs over arrays indexed from 0 (the workspace keeps one array per row): C2 vectorises
        // those and leaves loops that mix offsets scalar (see ElementWise.tanhOfSum).
        for (int b = from; b < to; b++) {
            int len = lengths == null ? srcLen : lengths[b];
            qb.get(c.q.offset() + b * A, qa, 0, A);
            // e_j = v · tanh(q + k_j), four source positions at a time
            for (int j = 0; j < len; j += 4) {
                int m = Math.min(4, len - j);
                for (int i = 0; i < m; i++) {
                    int row = (j + i) * batch + b;
                    ElementWise.tanhOfSum(keyRows[row], qa, u[i], A);
                    if (keepU) {
                        ub.put(c.u.offset() + row * A, u[i], 0, A);
                    }
                }
                if (m == 4) {
                    ElementWise.dot4(va, u[0], u[1], u[2], u[3], A, al, j);
                } else {
                    for (int i = 0; i < m; i++) {
                        al[j + i] = ElementWise.dot(va, u[i], A);
                    }
                }
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                max = Math.max(max, al[j]);
            }
            double sum = 0;
            for (int j = 0; j < len; j++) {
                double ex = Math.exp(al[j] - max);
                al[j] = (float) ex;
                sum += ex;
            }
            for (int j = 0; j < srcLen; j++) {
                al[j] = j < len ? (float) (al[j] / sum) : 0f;
            }
            ab.put(c.alpha.offset() + b * srcLen, al, 0, srcLen);
            Arrays.fill(ctx, 0f);
            for (int j = 0; j < len; j++) {
                float alpha = al[j];
                float[] h = memRows[j * batch + b];
                for (int k = 0; k < K; k++) {
                    ctx[k] += alpha * h[k];
                }
            }
            cb.put(context.offset() + b * K, ctx, 0, K);
        }
    }

    /** Weights {@code α: [B, S]} of the last forward-only (null-cache) call. */
    public Tensor lastWeights() {
        if (scratch.alpha == null) {
            throw new IllegalStateException("AdditiveAttention.lastWeights: no forward-only call yet");
        }
        return scratch.alpha;
    }

    /**
     * Backward of one step: given {@code dContext: [B, keySize]}, writes {@code ds: [B, querySize]} (overwritten),
     * accumulates {@code dW_s}, {@code dv}, and the gradients w.r.t. keys and memory (finished by
     * {@link #backwardMemory()}). {@code s} must be unchanged since the forward.
     */
    public void backward(Cache cache, Tensor dContext, Tensor ds) {
        if (cache == null || !cache.filled) {
            throw new IllegalStateException("AdditiveAttention.backward: the cache holds no forward step (backward "
                    + "before forward, or called twice)");
        }
        if (cache.rows != batch || cache.cols != srcLen) {
            throw new IllegalStateException("AdditiveAttention.backward: the cache belongs to another memory");
        }
        if (dContext.rowCount() != batch || dContext.colCount() != key) {
            throw new IllegalArgumentException("AdditiveAttention.backward: dContext is "
                    + Arrays.toString(dContext.shape()) + " but expected [" + batch + ", " + key + "]");
        }
        if (ds.rowCount() != batch || ds.colCount() != query) {
            throw new IllegalArgumentException("AdditiveAttention.backward: ds is " + Arrays.toString(ds.shape())
                    + " but expected [" + batch + ", " + query + "]");
        }
        Tensor dq = w.dQuery(batch, srcLen);
        v.value().copyTo(w.vArr);
        Arrays.fill(w.dvArr, 0f);
        final float[] va = w.vArr;
        final float[] dva = w.dvArr;
        final float[][] memRows = w.memRows;
        final float[][] dMemRows = w.dMemRows;
        final float[][] dKeyRows = w.dKeyRows;
        final float[] al = w.rowA;
        final float[] dc = w.rowC;
        final float[] ua = w.rowU;
        final float[] dqa = w.rowQ;
        final float[] dpre = w.rowPre;
        final double[] das = w.daScratch;
        final int A = attn;
        final int K = key;
        FloatBuffer ab = cache.alpha.buffer();
        FloatBuffer ub = cache.u.buffer();
        FloatBuffer dcb = dContext.buffer();
        FloatBuffer dqb = dq.buffer();
        for (int b = 0; b < batch; b++) {
            int len = lengths == null ? srcLen : lengths[b];
            ab.get(cache.alpha.offset() + b * srcLen, al, 0, srcLen);
            dcb.get(dContext.offset() + b * K, dc, 0, K);
            double weighted = 0;
            // dα_j = dc · h_j ; dh_j += α_j dc
            for (int j = 0; j < len; j++) {
                int row = j * batch + b;
                float alpha = al[j];
                double da = ElementWise.dot(dc, memRows[row], K);
                float[] dmr = dMemRows[row];
                for (int k = 0; k < K; k++) {
                    dmr[k] += alpha * dc[k];
                }
                weighted += alpha * da;
                das[j] = da;
            }
            Arrays.fill(dqa, 0f);
            for (int j = 0; j < len; j++) {
                float alpha = al[j];
                float de = (float) (alpha * (das[j] - weighted));
                int row = j * batch + b;
                ub.get(cache.u.offset() + row * A, ua, 0, A);
                float[] dkr = dKeyRows[row];
                // one loop per output, each vectorised by C2 (one loop with three outputs stayed scalar)
                for (int a = 0; a < A; a++) {
                    dva[a] += de * ua[a];
                }
                for (int a = 0; a < A; a++) {
                    dpre[a] = de * va[a] * (1f - ua[a] * ua[a]);
                }
                for (int a = 0; a < A; a++) {
                    dqa[a] += dpre[a];
                }
                for (int a = 0; a < A; a++) {
                    dkr[a] += dpre[a];
                }
            }
            dqb.put(dq.offset() + b * A, dqa, 0, A);
        }
        Tensor dv = v.grad();
        for (int a = 0; a < A; a++) {
            dv.add(a, dva[a]);
        }
        Gemm gemm = Gemm.get();
        gemm.gemm(false, false, 1f, dq, ws.value(), 0f, ds);
        gemm.gemm(true, false, 1f, dq, cache.s, 1f, ws.grad());
        cache.filled = false;
        pendingBackward--;
        anyBackward = true;
    }

    /**
     * Finishes the backward pass over all steps since {@link #setMemory}: {@code dW_h += dKᵀ·h}, {@code db += Σ dK},
     * {@code dh += dK·W_h}. Returns the gradient w.r.t. the memory {@code [S, B, keySize]} (a view owned by this
     * object, valid until the next {@code setMemory}).
     */
    public Tensor backwardMemory() {
        if (!anyBackward) {
            throw new IllegalStateException("AdditiveAttention.backwardMemory: no backward step since setMemory");
        }
        if (pendingBackward != 0) {
            throw new IllegalStateException("AdditiveAttention.backwardMemory: " + pendingBackward
                    + " forward step(s) still await their backward");
        }
        int n = srcLen * batch;
        w.storeGradients(n);
        Tensor mem = memory.reshape(n, key);
        Gemm gemm = Gemm.get();
        gemm.gemm(true, false, 1f, w.dKeys, mem, 1f, wh.grad());
        ElementWise.addColumnSums(w.dKeys, bias.grad());
        gemm.gemm(false, false, 1f, w.dKeys, wh.value(), 1f, w.dMemory.reshape(n, key));
        w.restartGradients(n);
        anyBackward = false;
        return w.dMemory;
    }
}
