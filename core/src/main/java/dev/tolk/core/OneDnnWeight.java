package dev.tolk.core;

import static org.bytedeco.dnnl.global.dnnl.dnnl_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_s8;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;

/**
 * A weight region packed for oneDNN matmul: {@code op(B): [k, n]} reordered once into the layout the primitive
 * prefers (blocked), as float32, bf16 or int8; for int8 also its per-column scales ({@code scale_j = max_p
 * |op(B)[p, j]| / 127}, so {@code op(B)[p, j] ≈ scale_j · q[p, j]} with {@code q ∈ [−127, 127]}). Built and rebuilt
 * through {@link PackedWeights}; read-only between builds.
 */
final class OneDnnWeight {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The packed weights, a oneDNN memory over {@link #data}. */
    final dnnl_memory memory;
    /** Per-column scales (int8 only), a oneDNN memory over {@link #scaleData}; else null. */
    final dnnl_memory scales;

    private final ByteBuffer data;
    private final FloatBuffer scaleData;
    private final ByteBuffer scaleBytes;

    private OneDnnWeight(OneDnn dnn, dnnl_memory_desc layout, int n, boolean int8) {
        this.data = OneDnnContext.direct(dnnl_memory_desc_get_size(layout));
        dnnl_memory m = new dnnl_memory();
        OneDnn.check(
                dnnl_memory_create(m, layout, dnn.engine, new NativePointer().at(NativePointer.address(data))),
                "dnnl_memory_create");
        this.memory = m;
        if (int8) {
            this.scaleBytes = OneDnnContext.direct((long) n * Float.BYTES);
            this.scaleData = scaleBytes.asFloatBuffer();
            dnnl_memory s = new dnnl_memory();
            dnnl_memory_desc md = OneDnn.matrix(n, 1, dnnl_f32, 1, 1);
            try {
                OneDnn.check(
                        dnnl_memory_create(
                                s, md, dnn.engine, new NativePointer().at(NativePointer.address(scaleBytes))),
                        "dnnl_memory_create");
            } finally {
                OneDnn.destroy(md);
            }
            this.scales = s;
        } else {
            this.scaleBytes = null;
            this.scaleData = null;
            this.scales = null;
        }
        dnnl_memory sm = scales;
        // The memory objects are freed when this form is unreachable; the buffers are freed by the GC.
        CLEANER.register(this, () -> {
            dnnl_memory_destroy(m);
            if (sm != null) {
                dnnl_memory_destroy(sm);
            }
        });
    }

    /**
     * Packs the region {@code key} of {@code weight}'s storage into {@code layout} (reusing {@code reuse}'s memory
     * when given), on the calling thread.
     *
     * @param weight any view of the weight's storage ({@code key.offset} indexes its buffer)
     * @param srcType {@code dnnl_f32}, {@code dnnl_bf16} or {@code dnnl_s8}: the packed element type
     */
    static OneDnnWeight pack(OneDnnContext ctx, Tensor weight, PackedWeights.Key key, int srcType, OneDnnWeight reuse) {
        int k = key.transposed() ? key.cols() : key.rows();
        int n = key.transposed() ? key.rows() : key.cols();
        boolean int8 = srcType == dnnl_s8;
        OneDnnWeight w = reuse != null ? reuse : new OneDnnWeight(ctx.dnn, ctx.dnn.layout(key.layout()), n, int8);
        long base = NativePointer.address(weight, key.offset() - weight.offset());
        if (!int8) {
            // op(B)[p, j] is stored at base + p·ldp + j·ldj
            long ldp = key.transposed() ? 1 : key.ld();
            long ldj = key.transposed() ? key.ld() : 1;
            OneDnnPrimitive r =
                    ctx.reorder(new OneDnnContext.ReorderKey(k, n, ldp, ldj, dnnl_f32, srcType, key.layout(), false));
            r.point(OneDnnContext.RE_FROM, ctx.pointer, base);
            r.point(OneDnnContext.RE_TO, ctx.pointer, NativePointer.address(w.data));
            r.execute(ctx.stream);
        } else {
            ByteBuffer q = ctx.scratch(OneDnnContext.SCRATCH_STAGE, (long) k * n);
            quantizePerColumn(weight.buffer(), key, k, n, ctx, q, w.scaleData);
            OneDnnPrimitive r =
                    ctx.reorder(new OneDnnContext.ReorderKey(k, n, n, 1, dnnl_s8, dnnl_s8, key.layout(), false));
            r.point(OneDnnContext.RE_FROM, ctx.pointer, NativePointer.address(q));
            r.point(OneDnnContext.RE_TO, ctx.pointer, NativePointer.address(w.data));
            r.execute(ctx.stream);
            Reference.reachabilityFence(q);
        }
        Reference.reachabilityFence(weight);
        return w;
    }

    /**
     * Quantises {@code op(B): [k, n]} of region {@code key} to {@code q} (row-major int8 {@code [k, n]}) with one
     * symmetric scale per column, written to {@code scales}.
     */
    private static void quantizePerColumn(
            FloatBuffer src, PackedWeights.Key key, int k, int n, OneDnnContext ctx, ByteBuffer q, FloatBuffer scales) {
        float[] max = new float[n];
        float[] row = ctx.rows(Math.max(key.cols(), 1));
        int off = (int) key.offset();
        for (int i = 0; i < key.rows(); i++) {
            src.get(off + i * key.ld(), row, 0, key.cols());
            if (key.transposed()) {
                // stored row i is column i of op(B)
                max[i] = AbsMax.of(row, key.cols());
            } else {
                AbsMax.accumulate(row, max, n);
            }
        }
        float[] inv = new float[n];
        for (int j = 0; j < n; j++) {
            float s = max[j] > 0f ? max[j] / 127f : 1f;
            scales.put(j, s);
            inv[j] = 1f / s;
        }
        byte[] out = new byte[n];
        if (key.transposed()) {
            // op(B)[p, j] = stored[j, p]: walk the stored rows (columns of op(B)) and scatter
            byte[] all = new byte[k * n];
            for (int j = 0; j < n; j++) {
                src.get(off + j * key.ld(), row, 0, k);
                float f = inv[j];
                for (int p = 0; p < k; p++) {
                    all[p * n + j] = (byte) Math.round(row[p] * f);
                }
            }
            q.put(0, all, 0, k * n);
        } else {
            for (int p = 0; p < k; p++) {
                src.get(off + p * key.ld(), row, 0, n);
                for (int j = 0; j < n; j++) {
                    out[j] = (byte) Math.round(row[j] * inv[j]);
                }
                q.put(p * n, out, 0, n);
            }
        }
    }

    /** Element type of a packed form for precision {@code p}. */
    static int typeOf(Precision p) {
        return switch (p) {
            case FP32 -> dnnl_f32;
            case BF16 -> dnnl_bf16;
            case INT8 -> dnnl_s8;
        };
    }
}
