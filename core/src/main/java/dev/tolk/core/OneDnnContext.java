package dev.tolk.core;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_SCALES;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_linear;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_eltwise;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_sum;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scales_mask;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_s8;
import static org.bytedeco.dnnl.global.dnnl.dnnl_softmax_forward_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_softmax_log;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;

/**
 * What one thread needs to run oneDNN products: its OpenMP team kept at one thread, its own stream, its own cache
 * of primitives by shape, and scratch memory for converted operands.
 *
 * <p><b>Primitive cache.</b> Creating a matmul primitive costs milliseconds the first time a shape is seen (tens of
 * microseconds from oneDNN's own cache); a decoding step runs the same few shapes thousands of times, so each
 * thread keeps its primitives keyed by everything that fixes them ({@link MatmulKey}, {@link ReorderKey}): shape,
 * data types, transposes, strides, α, β and the bias. The cache holds at most {@value #MAX_PRIMITIVES} primitives
 * (the least recently used is destroyed first).
 */
final class OneDnnContext {
    /** The most primitives one thread keeps. */
    static final int MAX_PRIMITIVES = 512;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<OneDnnContext> CURRENT = new ThreadLocal<>();

    /**
     * A matmul primitive's identity. With {@code bias}, the primitive adds a bias {@code [1, n]} to every row of its
     * output (after the int8 scales, before the post-ops α and β).
     */
    record MatmulKey(
            int srcType,
            int m,
            int n,
            int k,
            boolean transA,
            int lda,
            boolean packed,
            boolean transB,
            int ldb,
            int ldc,
            int alphaBits,
            int betaBits,
            boolean bias) {

        /** The slot of the bias, when there is one. */
        int biasSlot() {
            return srcType == dnnl_s8 ? MM_BIAS_INT8 : MM_BIAS;
        }
    }

    /**
     * A reorder primitive's identity: {@code [rows, cols]} from a strided {@code srcType} matrix to a row-major
     * {@code dstType} one or to the interned layout {@code dstLayout} (≥ 0), optionally divided by a runtime scale.
     */
    record ReorderKey(
            int rows,
            int cols,
            long srcRowStride,
            long srcColStride,
            int srcType,
            int dstType,
            int dstLayout,
            boolean dstScale) {}

    /** A log-softmax primitive's identity: {@code [rows, cols]} row-major, over each row. */
    record SoftmaxKey(int rows, int cols) {}

    final OneDnn dnn;
    final dnnl_stream stream;
    private final Resources resources;
    private final Map<Object, OneDnnPrimitive> primitives;
    private final ByteBuffer[] scratch = new ByteBuffer[3];
    /** Scratch slot: the converted left operand. */
    static final int SCRATCH_A = 0;
    /** Scratch slot: the converted right operand. */
    static final int SCRATCH_B = 1;
    /** Scratch slot: staging for a weight being quantised. */
    static final int SCRATCH_STAGE = 2;
    /** [0]: the reorder's quantisation scale; [1]: the matmul's source scale. */
    final FloatBuffer scales;

    final long scalesAddress;
    /** Reusable pointers for re-pointing memory objects. */
    final NativePointer pointer = new NativePointer();

    private float[] rowScratch = new float[0];
    private float[] maxScratch = new float[0];

    private OneDnnContext(OneDnn dnn) {
        this.dnn = dnn;
        dnn.threads.limitCurrentThread();
        dnnl_stream s = new dnnl_stream();
        OneDnn.check(dnnl_stream_create(s, dnn.engine, dnnl_stream_default_flags), "dnnl_stream_create");
        this.stream = s;
        this.resources = new Resources(s);
        this.primitives = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, OneDnnPrimitive> eldest) {
                if (size() > MAX_PRIMITIVES) {
                    resources.primitives.remove(eldest.getValue());
                    eldest.getValue().destroy();
                    return true;
                }
                return false;
            }
        };
        ByteBuffer sb = direct(2L * Float.BYTES);
        this.scales = sb.asFloatBuffer();
        this.scalesAddress = NativePointer.address(sb);
        scratch[SCRATCH_A] = direct(0);
        scratch[SCRATCH_B] = direct(0);
        scratch[SCRATCH_STAGE] = direct(0);
        CLEANER.register(this, resources);
    }

    /** The calling thread's context (created at its first product). */
    static OneDnnContext current(OneDnn dnn) {
        OneDnnContext c = CURRENT.get();
        if (c == null) {
            c = new OneDnnContext(dnn);
            CURRENT.set(c);
        }
        return c;
    }

    /** Scratch slot {@code slot} with room for at least {@code bytes} bytes (contents undefined). */
    ByteBuffer scratch(int slot, long bytes) {
        if (scratch[slot].capacity() < bytes) {
            scratch[slot] = direct(Math.max(bytes, scratch[slot].capacity() * 3L / 2));
        }
        return scratch[slot];
    }

    /** A per-thread float array of at least {@code n} elements. */
    float[] rows(int n) {
        if (rowScratch.length < n) {
            rowScratch = new float[n];
        }
        return rowScratch;
    }

    /** A second per-thread float array of at least {@code n} elements (column maxima, {@link AbsMax}). */
    float[] maxima(int n) {
        if (maxScratch.length < n) {
            maxScratch = new float[n];
        }
        return maxScratch;
    }

    /** The matmul primitive of {@code key}, created at first use. */
    OneDnnPrimitive matmul(MatmulKey key) {
        return cached(key);
    }

    /** The reorder primitive of {@code key}, created at first use. */
    OneDnnPrimitive reorder(ReorderKey key) {
        return cached(key);
    }

    /** The log-softmax primitive of {@code key}, created at first use. */
    OneDnnPrimitive softmax(SoftmaxKey key) {
        return cached(key);
    }

    /** The primitive of a {@link MatmulKey}, {@link ReorderKey} or {@link SoftmaxKey}, created at first use. */
    private OneDnnPrimitive cached(Object key) {
        OneDnnPrimitive p = primitives.get(key);
        if (p == null) {
            if (key instanceof MatmulKey m) {
                p = createMatmul(m);
            } else if (key instanceof ReorderKey r) {
                p = createReorder(r);
            } else {
                p = createSoftmax((SoftmaxKey) key);
            }
            resources.primitives.add(p);
            primitives.put(key, p);
        }
        return p;
    }

    /** Slots of a matmul primitive. */
    static final int MM_SRC = 0;

    static final int MM_WEIGHTS = 1;
    static final int MM_DST = 2;
    static final int MM_SRC_SCALE = 3;
    static final int MM_WEIGHTS_SCALES = 4;
    /** The bias's slot: after the scales' for int8. */
    static final int MM_BIAS = 3;

    static final int MM_BIAS_INT8 = 5;
    /** Slots of a reorder primitive. */
    static final int RE_FROM = 0;

    static final int RE_TO = 1;
    static final int RE_SCALE = 2;
    /** Slots of a log-softmax primitive. */
    static final int SM_SRC = 0;

    static final int SM_DST = 1;

    private OneDnnPrimitive createMatmul(MatmulKey key) {
        boolean int8 = key.srcType() == dnnl_s8;
        dnnl_memory_desc src = OneDnn.matrix(
                key.m(), key.k(), key.srcType(), key.transA() ? 1 : key.lda(), key.transA() ? key.lda() : 1);
        dnnl_memory_desc wei = key.packed()
                ? OneDnn.anyLayout(key.k(), key.n(), key.srcType())
                : OneDnn.matrix(
                        key.k(), key.n(), key.srcType(), key.transB() ? 1 : key.ldb(), key.transB() ? key.ldb() : 1);
        dnnl_memory_desc dst = OneDnn.matrix(key.m(), key.n(), dnnl_f32, key.ldc(), 1);
        dnnl_memory_desc scalar = int8 ? OneDnn.matrix(1, 1, dnnl_f32, 1, 1) : null;
        dnnl_memory_desc bias = key.bias() ? OneDnn.matrix(1, key.n(), dnnl_f32, key.n(), 1) : null;
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        dnnl_post_ops ops = new dnnl_post_ops();
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        try {
            OneDnn.check(dnnl_primitive_attr_create(attr), "dnnl_primitive_attr_create");
            OneDnn.check(dnnl_post_ops_create(ops), "dnnl_post_ops_create");
            float alpha = Float.intBitsToFloat(key.alphaBits());
            float beta = Float.intBitsToFloat(key.betaBits());
            if (!int8 && alpha != 1f) {
                OneDnn.check(
                        dnnl_post_ops_append_eltwise(ops, dnnl_eltwise_linear, alpha, 0f), "post-op eltwise_linear");
            }
            if (beta != 0f) {
                OneDnn.check(dnnl_post_ops_append_sum(ops, beta, 0, 0), "post-op sum");
            }
            OneDnn.check(dnnl_primitive_attr_set_post_ops(attr, ops), "dnnl_primitive_attr_set_post_ops");
            if (int8) {
                OneDnn.check(dnnl_primitive_attr_set_scales_mask(attr, DNNL_ARG_SRC, 0), "source scale");
                // one scale per column of op(B) = per output channel
                OneDnn.check(dnnl_primitive_attr_set_scales_mask(attr, DNNL_ARG_WEIGHTS, 1 << 1), "weight scales");
            }
            int status = dnnl_matmul_primitive_desc_create(pd, dnn.engine, src, wei, bias, dst, attr);
            if (status != dnnl_success) {
                throw new IllegalStateException("oneDNN has no matmul for " + key + ": " + OneDnn.statusName(status));
            }
            dnnl_primitive prim = new dnnl_primitive();
            OneDnn.check(dnnl_primitive_create(prim, pd), "dnnl_primitive_create");
            int layout = key.packed() ? dnn.layoutId(dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0)) : -1;
            int[] kinds = int8
                    ? new int[] {
                        DNNL_ARG_SRC,
                        DNNL_ARG_WEIGHTS,
                        DNNL_ARG_DST,
                        DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC,
                        DNNL_ARG_ATTR_SCALES | DNNL_ARG_WEIGHTS,
                        DNNL_ARG_BIAS
                    }
                    : new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, DNNL_ARG_BIAS};
            dnnl_memory_desc[] descs = int8
                    ? new dnnl_memory_desc[] {src, null, dst, scalar, null, bias}
                    : new dnnl_memory_desc[] {src, key.packed() ? null : wei, dst, bias};
            if (!key.bias()) {
                kinds = Arrays.copyOf(kinds, kinds.length - 1);
                descs = Arrays.copyOf(descs, descs.length - 1);
            }
            return new OneDnnPrimitive(dnn, prim, kinds, descs, layout, OneDnn.implementation(pd));
        } finally {
            if (!pd.isNull()) {
                dnnl_primitive_desc_destroy(pd);
            }
            if (!ops.isNull()) {
                dnnl_post_ops_destroy(ops);
            }
            if (!attr.isNull()) {
                dnnl_primitive_attr_destroy(attr);
            }
            OneDnn.destroy(src, wei, dst, scalar, bias);
        }
    }

    private OneDnnPrimitive createSoftmax(SoftmaxKey key) {
        dnnl_memory_desc src = OneDnn.matrix(key.rows(), key.cols(), dnnl_f32, key.cols(), 1);
        dnnl_memory_desc dst = OneDnn.matrix(key.rows(), key.cols(), dnnl_f32, key.cols(), 1);
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        try {
            int status = dnnl_softmax_forward_primitive_desc_create(
                    pd, dnn.engine, dnnl_forward_inference, dnnl_softmax_log, src, dst, 1, null);
            if (status != dnnl_success) {
                throw new IllegalStateException("oneDNN has no softmax for " + key + ": " + OneDnn.statusName(status));
            }
            dnnl_primitive prim = new dnnl_primitive();
            OneDnn.check(dnnl_primitive_create(prim, pd), "dnnl_primitive_create");
            return new OneDnnPrimitive(
                    dnn,
                    prim,
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_DST},
                    new dnnl_memory_desc[] {src, dst},
                    -1,
                    OneDnn.implementation(pd));
        } finally {
            if (!pd.isNull()) {
                dnnl_primitive_desc_destroy(pd);
            }
            OneDnn.destroy(src, dst);
        }
    }

    private OneDnnPrimitive createReorder(ReorderKey key) {
        dnnl_memory_desc from =
                OneDnn.matrix(key.rows(), key.cols(), key.srcType(), key.srcRowStride(), key.srcColStride());
        dnnl_memory_desc to = key.dstLayout() >= 0
                ? dnn.layout(key.dstLayout())
                : OneDnn.matrix(key.rows(), key.cols(), key.dstType(), key.cols(), 1);
        dnnl_memory_desc scalar = key.dstScale() ? OneDnn.matrix(1, 1, dnnl_f32, 1, 1) : null;
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        try {
            OneDnn.check(dnnl_primitive_attr_create(attr), "dnnl_primitive_attr_create");
            if (key.dstScale()) {
                OneDnn.check(dnnl_primitive_attr_set_scales_mask(attr, DNNL_ARG_DST, 0), "reorder scale");
            }
            int status = dnnl_reorder_primitive_desc_create(pd, from, dnn.engine, to, dnn.engine, attr);
            if (status != dnnl_success) {
                throw new IllegalStateException("oneDNN has no reorder for " + key + ": " + OneDnn.statusName(status));
            }
            dnnl_primitive prim = new dnnl_primitive();
            OneDnn.check(dnnl_primitive_create(prim, pd), "dnnl_primitive_create");
            int[] kinds = key.dstScale()
                    ? new int[] {DNNL_ARG_FROM, DNNL_ARG_TO, DNNL_ARG_ATTR_SCALES | DNNL_ARG_DST}
                    : new int[] {DNNL_ARG_FROM, DNNL_ARG_TO};
            dnnl_memory_desc[] descs =
                    key.dstScale() ? new dnnl_memory_desc[] {from, to, scalar} : new dnnl_memory_desc[] {from, to};
            return new OneDnnPrimitive(dnn, prim, kinds, descs, -1, OneDnn.implementation(pd));
        } finally {
            if (!pd.isNull()) {
                dnnl_primitive_desc_destroy(pd);
            }
            if (!attr.isNull()) {
                dnnl_primitive_attr_destroy(attr);
            }
            OneDnn.destroy(from, scalar);
            if (key.dstLayout() < 0) {
                OneDnn.destroy(to);
            }
        }
    }

    /** A zeroed direct buffer of at least {@code bytes} bytes, aligned to 64 bytes, in native byte order. */
    static ByteBuffer direct(long bytes) {
        // alignedSlice rounds the start up and the end down to the alignment: round up and allocate one unit more.
        int size = Math.toIntExact((Math.max(bytes, 64) + 63) / 64 * 64);
        return ByteBuffer.allocateDirect(size + 64).alignedSlice(64).order(ByteOrder.nativeOrder());
    }

    /** The native objects of one context, freed when the context (its thread) is gone. */
    private static final class Resources implements Runnable {
        final dnnl_stream stream;
        final List<OneDnnPrimitive> primitives = new ArrayList<>();

        Resources(dnnl_stream stream) {
            this.stream = stream;
        }

        @Override
        public void run() {
            for (OneDnnPrimitive p : primitives) {
                p.destroy();
            }
            primitives.clear();
            dnnl_stream_destroy(stream);
        }
    }
}
