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
 * {@link #backwardMemory()}.
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
    private int[] lengths;
    private Tensor keysBuf;
    private Tensor keys;
    private Tensor dKeysBuf;
    private Tensor dKeys;
    private Tensor dMemoryBuf;
    private Tensor dMemory;
    private Tensor dQueryBuf;
    private int pendingBackward;
    private boolean anyBackward;
    private final Cache scratch = new Cache();
    private double[] daScratch = new double[0];
    // Heap copies of the hot data, so the inner loops run on float[] (no per-element buffer bounds checks).
    private float[] memArr = new float[0];
    private float[] keysArr = new float[0];
    private float[] dMemArr = new float[0];
    private float[] dKeysArr = new float[0];
    private float[] vArr = new float[0];
    private float[] dvArr = new float[0];
    private float[] rowQ = new float[0];
    private float[] rowU = new float[0];
    private float[] rowA = new float[0];
    private float[] rowC = new float[0];
    // copies of one key/memory row: loops that index all their arrays alike are vectorised by the JIT
    private float[] rowK = new float[0];
    private float[] rowM = new float[0];
    private float[] rowDm = new float[0];
    private RowScratch[] rowScratch = new RowScratch[0];
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
         */
        void prepare(int b, int len, int a) {
            if (b != rows || len != cols || a != attnSize) {
                qStore = atLeast(qStore, b * a);
                uStore = atLeast(uStore, len * b * a);
                alphaStore = atLeast(alphaStore, b * len);
                q = qStore.rows(0, b * a).reshape(b, a);
                u = uStore.rows(0, len * b * a).reshape(len * b, a);
                alpha = alphaStore.rows(0, b * len).reshape(b, len);
                rows = b;
                cols = len;
                attnSize = a;
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
        if (memory.rank() != 3 || memory.dim(2) != key) {
            throw new IllegalArgumentException("AdditiveAttention.setMemory: memory is "
                    + Arrays.toString(memory.shape()) + " but keySize is " + key);
        }
        int len = memory.dim(0);
        int b = memory.dim(1);
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
        this.lengths = lengths == null ? null : lengths.clone();
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
        Gemm.get().gemm(false, true, 1f, memory.reshape(n, key), wh.value(), 0f, keys);
        ElementWise.addRowVector(keys, bias.value());
        if (memArr.length < n * key) {
            memArr = new float[n * key];
            dMemArr = new float[n * key];
        }
        if (keysArr.length < n * attn) {
            keysArr = new float[n * attn];
            dKeysArr = new float[n * attn];
        }
        memory.buffer().get(memory.offset(), memArr, 0, n * key);
        keys.buffer().get(keys.offset(), keysArr, 0, n * attn);
        Arrays.fill(dMemArr, 0, n * key, 0f);
        Arrays.fill(dKeysArr, 0, n * attn, 0f);
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
            rowM = new float[key];
            rowDm = new float[key];
        }
        if (rowK.length != attn) {
            rowK = new float[attn];
        }
        dKeys.zero();
        dMemory.zero();
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
        Cache c = cache == null ? scratch : cache;
        c.prepare(batch, srcLen, attn);
        Gemm.get().gemm(false, true, 1f, s, ws.value(), 0f, c.q);
        v.value().copyTo(vArr);
        // rows are independent: large batches are split over the compute threads, each with its own row scratch
        long work = (long) batch * srcLen * attn;
        int parts = ComputeThreads.partsFor(batch, work, PARALLEL_MIN);
        if (rowScratch.length < parts) {
            rowScratch = Arrays.copyOf(rowScratch, parts);
        }
        for (int p = 0; p < parts; p++) {
            if (rowScratch[p] == null) {
                rowScratch[p] = new RowScratch();
            }
            rowScratch[p].ensure(attn, srcLen, key);
        }
        ComputeThreads.shared()
                .forRows(batch, work, PARALLEL_MIN, (p, from, to) -> forwardRows(c, context, from, to, rowScratch[p]));
        if (cache != null) {
            cache.s = s;
            cache.filled = true;
            pendingBackward++;
        }
    }

    /** Rows {@code [from, to)} of {@link #forward}: scores, weights and context. */
    private void forwardRows(Cache c, Tensor context, int from, int to, RowScratch w) {
        final float[] va = vArr;
        final float[] ka = keysArr;
        final float[] ma = memArr;
        final float[] qa = w.q;
        final float[] ua = w.u;
        final float[] al = w.a;
        final float[] ctx = w.c;
        final float[] kr = w.k;
        final float[] mr = w.m;
        final int A = attn;
        final int K = key;
        FloatBuffer qb = c.q.buffer();
        FloatBuffer ub = c.u.buffer();
        FloatBuffer ab = c.alpha.buffer();
        FloatBuffer cb = context.buffer();
        for (int b = from; b < to; b++) {
            int len = lengths == null ? srcLen : lengths[b];
            qb.get(c.q.offset() + b * A, qa, 0, A);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                int row = j * batch + b;
                System.arraycopy(ka, row * A, kr, 0, A);
                for (int a = 0; a < A; a++) { // vectorised: tanh is branch-free
                    ua[a] = ElementWise.tanh(qa[a] + kr[a]);
                }
                float e = ElementWise.dot(va, ua, A);
                ub.put(c.u.offset() + row * A, ua, 0, A);
                al[j] = e;
                max = Math.max(max, e);
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
                System.arraycopy(ma, (j * batch + b) * K, mr, 0, K);
                for (int k = 0; k < K; k++) {
                    ctx[k] += alpha * mr[k];
                }
            }
            cb.put(context.offset() + b * K, ctx, 0, K);
        }
    }

    /** One thread's row scratch for {@link #forwardRows}. */
    private static final class RowScratch {
        float[] q = new float[0];
        float[] u = new float[0];
        float[] a = new float[0];
        float[] c = new float[0];
        float[] k = new float[0];
        float[] m = new float[0];

        void ensure(int attn, int srcLen, int key) {
            if (q.length != attn) {
                q = new float[attn];
                u = new float[attn];
                k = new float[attn];
            }
            if (a.length < srcLen) {
                a = new float[srcLen];
            }
            if (c.length != key) {
                c = new float[key];
                m = new float[key];
            }
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
        if (dQueryBuf == null || dQueryBuf.rowCount() != batch || dQueryBuf.colCount() != attn) {
            dQueryBuf = Tensor.zeros(batch, attn);
        }
        Tensor dq = dQueryBuf.zero();
        if (daScratch.length < srcLen) {
            daScratch = new double[srcLen];
        }
        v.value().copyTo(vArr);
        Arrays.fill(dvArr, 0f);
        final float[] va = vArr;
        final float[] dva = dvArr;
        final float[] ma = memArr;
        final float[] dma = dMemArr;
        final float[] dka = dKeysArr;
        final float[] al = rowA;
        final float[] dc = rowC;
        final float[] ua = rowU;
        final float[] dqa = rowQ;
        final double[] das = daScratch;
        final float[] mr = rowM;
        final float[] dmr = rowDm;
        final float[] dkr = rowK;
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
                int mo = (j * batch + b) * K;
                float alpha = al[j];
                System.arraycopy(ma, mo, mr, 0, K);
                System.arraycopy(dma, mo, dmr, 0, K);
                double da = ElementWise.dot(dc, mr, K);
                for (int k = 0; k < K; k++) {
                    dmr[k] += alpha * dc[k];
                }
                System.arraycopy(dmr, 0, dma, mo, K);
                weighted += alpha * da;
                das[j] = da;
            }
            Arrays.fill(dqa, 0f);
            for (int j = 0; j < len; j++) {
                float alpha = al[j];
                float de = (float) (alpha * (das[j] - weighted));
                int row = j * batch + b;
                ub.get(cache.u.offset() + row * A, ua, 0, A);
                int ko = row * A;
                System.arraycopy(dka, ko, dkr, 0, A);
                for (int a = 0; a < A; a++) {
                    float u = ua[a];
                    dva[a] += de * u;
                    float dpre = de * va[a] * (1f - u * u);
                    dqa[a] += dpre;
                    dkr[a] += dpre;
                }
                System.arraycopy(dkr, 0, dka, ko, A);
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
        dKeys.buffer().put(dKeys.offset(), dKeysArr, 0, n * attn);
        dMemory.buffer().put(dMemory.offset(), dMemArr, 0, n * key);
        Tensor mem = memory.reshape(n, key);
        Gemm gemm = Gemm.get();
        gemm.gemm(true, false, 1f, dKeys, mem, 1f, wh.grad());
        ElementWise.addColumnSums(dKeys, bias.grad());
        gemm.gemm(false, false, 1f, dKeys, wh.value(), 1f, dMemory.reshape(n, key));
        dKeys.zero();
        Arrays.fill(dKeysArr, 0, n * attn, 0f);
        dMemory.buffer().get(dMemory.offset(), dMemArr, 0, n * key);
        anyBackward = false;
        return dMemory;
    }
}
