package dev.tolk.core;

import static org.bytedeco.dnnl.global.dnnl.dnnl_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2_vnni;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_vnni;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_s8;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix products through oneDNN's matmul primitive (Intel's deep-learning library, what PyTorch and ONNX Runtime
 * run on CPUs), loaded from the {@code org.bytedeco:dnnl} artifact: float32 with packed weights, bf16 and int8 (see
 * {@link Precision}).
 *
 * <p><b>Weights are packed once.</b> When {@code B} is a weight ({@link Tensor#isWeight()}: a {@link Parameter}'s
 * value, or a view or {@link ColumnBlock} of one), {@code op(B): [k, n]} is reordered once into the blocked layout
 * the primitive prefers, converted to bf16 or quantised to int8 with per-column (per-output-channel) scales, and
 * kept in {@link PackedWeights} until the weight changes. Activations are converted per product: bf16 by a oneDNN
 * reorder, int8 by a per-tensor symmetric scale ({@code max|A| / 127}, {@link AbsMax}) and a oneDNN reorder. Under
 * {@link Precision#INT8}, products whose {@code B} is not a weight (e.g. the gradient products of training) run in
 * float32; under {@link Precision#BF16} every product runs in bf16, training's backward products included. Outputs
 * and accumulation are float32; α and β are applied by the primitive (post-ops), and so is a layer's bias
 * ({@link #gemmBias}), so a biased product writes its output once.
 *
 * <p><b>Threads and determinism.</b> oneDNN computes every call on the calling thread alone (its OpenMP team is
 * kept at one thread, {@link OpenMpThreads}); {@link #setThreads(int)} sets over how many parked threads of
 * {@link ComputeThreads#shared()} the output blocks of a large product are shared out, cut by shape only
 * ({@link OutputBlocks}). Each block is one primitive execution fixed by its shape, so a given (backend, precision)
 * gives the same bits on one, two, three or four threads and on every run (tested). Primitives are created once per
 * shape and thread ({@link OneDnnContext}), so a decoding step never pays oneDNN's creation cost.
 *
 * <p><b>Availability.</b> {@link #load(int)} fails where the native library does not load (or its OpenMP threads
 * cannot be controlled); {@link GemmBackend} then falls back to OpenBLAS. Float32 runs on every x86-64 CPU. A
 * precision is {@linkplain #supports supported} when oneDNN has an optimised (non-reference) matmul for it on this
 * CPU: bf16 needs AVX-512 (native with {@code avx512_bf16}; emulated on plain AVX-512 at about float32 speed, with
 * a warning when selected; absent on AVX2), int8 needs VNNI ({@code avx512_vnni} or {@code avx_vnni}: without it
 * oneDNN's int8 kernels saturate 16-bit intermediate sums and a product's error grows to about 0.2, tested in a child
 * JVM with {@code ONEDNN_MAX_CPU_ISA}). Selecting a precision that is not available throws with the ones that
 * are; {@link GemmBackend} never falls back silently.
 */
public final class OneDnnGemm extends AbstractGemm {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnGemm.class);

    private final OneDnn dnn;
    /** For each precision oneDNN can run here: the implementation it chose for a probe product. */
    private final Map<Precision, String> available;
    /** The implementation oneDNN chose for a probe log-softmax, e.g. {@code jit:avx512_core}. */
    private final String softmaxImplementation;

    private OneDnnGemm(OneDnn dnn, int threads) {
        super(threads);
        this.dnn = dnn;
        this.available = probe(dnn);
        this.softmaxImplementation =
                OneDnnContext.current(dnn).softmax(new OneDnnContext.SoftmaxKey(1, 64)).implementation;
    }

    /**
     * Loads the native library and returns a backend computing float32 products on {@code threads} threads.
     *
     * @throws LinkageError or {@link IllegalStateException} when oneDNN does not load on this platform
     */
    public static OneDnnGemm load(int threads) {
        return new OneDnnGemm(OneDnn.get(), threads);
    }

    /**
     * Loads the native library and returns a backend computing products at {@code precision} on {@code threads}
     * threads.
     *
     * @throws IllegalArgumentException when this CPU cannot run {@code precision}
     */
    public static OneDnnGemm load(int threads, Precision precision) {
        OneDnnGemm g = load(threads);
        g.setPrecision(precision);
        return g;
    }

    @Override
    public String name() {
        return "onednn-" + dnn.version;
    }

    @Override
    public boolean supports(Precision precision) {
        return available.containsKey(precision);
    }

    @Override
    public void setPrecision(Precision precision) {
        super.setPrecision(precision);
        if (precision == Precision.BF16 && !dnn.hasIsa(dnnl_cpu_isa_avx512_core_bf16)) {
            LOG.warn(
                    "this CPU has no bf16 instructions (avx512_bf16): bf16 products run emulated ({}), not faster"
                            + " than fp32",
                    available.get(precision));
        }
    }

    @Override
    String unsupported(Precision precision) {
        String why = precision == Precision.INT8 && !hasVnni(dnn) ? " (no VNNI instructions)" : "";
        return precision + " products are not available on this CPU" + why + " with oneDNN " + dnn.version
                + " (available: "
                + String.join(
                        ", ", available.keySet().stream().map(Precision::id).toList()) + ")";
    }

    /**
     * Whether the CPU has int8 dot-product instructions. Without them oneDNN multiplies int8 with {@code vpmaddubsw},
     * whose 16-bit intermediate sums saturate for full-range operands (measured: relative error 0.19 instead of
     * 0.006 on AVX2), so int8 is offered only with VNNI.
     */
    private static boolean hasVnni(OneDnn dnn) {
        return dnn.hasIsa(dnnl_cpu_isa_avx512_core_vnni) || dnn.hasIsa(dnnl_cpu_isa_avx2_vnni);
    }

    /** Rows per log-softmax execution: one primitive per row count up to this, so few per vocabulary size. */
    private static final int SOFTMAX_ROWS = 16;

    /**
     * Whether {@link LogSoftmax} should use {@link #logSoftmaxRows}: oneDNN has an optimised (JIT) log-softmax on
     * this CPU, not only its reference loop.
     */
    boolean fastLogSoftmax() {
        return !softmaxImplementation.startsWith("ref");
    }

    /**
     * Rows {@code [from, to)} of {@link LogSoftmax#rows}: oneDNN's {@code softmax_log} primitive over each row of
     * {@code z: [N, V]}, written to {@code out: [N, V]} (which may be {@code z}), in blocks of up to
     * {@value #SOFTMAX_ROWS} rows. The kernel computes each row alone, so a row's bits do not depend on the block it
     * is in (tested).
     */
    void logSoftmaxRows(Tensor z, Tensor out, int from, int to) {
        OneDnnContext ctx = OneDnnContext.current(dnn);
        int v = z.colCount();
        for (int r = from; r < to; r += SOFTMAX_ROWS) {
            int rows = Math.min(SOFTMAX_ROWS, to - r);
            OneDnnPrimitive p = ctx.softmax(new OneDnnContext.SoftmaxKey(rows, v));
            p.point(OneDnnContext.SM_SRC, ctx.pointer, NativePointer.address(z, (long) r * v));
            p.point(OneDnnContext.SM_DST, ctx.pointer, NativePointer.address(out, (long) r * v));
            p.execute(ctx.stream);
        }
        Reference.reachabilityFence(z);
        Reference.reachabilityFence(out);
    }

    /** The implementation oneDNN uses for products at {@code precision} here, e.g. {@code brg_matmul:avx512_core}. */
    public String implementation(Precision precision) {
        String impl = available.get(precision);
        if (impl == null) {
            throw new IllegalArgumentException(unsupported(precision));
        }
        return impl;
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int[] mnk = Gemm.checkShapes(transA, transB, a, b, c);
        product(transA, transB, mnk, alpha, ColumnBlock.of(a), ColumnBlock.of(b), beta, ColumnBlock.of(c), null);
    }

    /** Strided products straight on the blocks' storage: no copies. */
    @Override
    public void gemm(
            boolean transA, boolean transB, float alpha, ColumnBlock a, ColumnBlock b, float beta, ColumnBlock c) {
        product(transA, transB, Gemm.checkShapes(transA, transB, a, b, c), alpha, a, b, beta, c, null);
    }

    /**
     * The bias is the primitive's: its kernels add it to each output block as they store it (after the int8 scales),
     * so {@code C} is written once. A float32 or bf16 product with α ≠ 1 takes the default path (the primitive would
     * add the bias before scaling by α).
     */
    @Override
    public void gemmBias(
            boolean transA, boolean transB, float alpha, ColumnBlock a, ColumnBlock b, Tensor bias, ColumnBlock c) {
        int[] mnk = Gemm.checkShapes(transA, transB, a, b, c);
        Gemm.checkBias(mnk, bias);
        if (alpha != 1f && precision() != Precision.INT8) {
            product(transA, transB, mnk, alpha, a, b, 0f, c, null);
            c.addToEveryRow(bias);
        } else {
            product(transA, transB, mnk, alpha, a, b, 0f, c, bias);
        }
    }

    /**
     * {@code C ← α·op(A)·op(B) (+ bias) + β·C} on the blocks' storage ({@code mnk} from {@link Gemm#checkShapes});
     * {@code bias: [n]} (null: none) is added to every row, as the primitive's bias.
     */
    private void product(
            boolean transA,
            boolean transB,
            int[] mnk,
            float alpha,
            ColumnBlock aBlock,
            ColumnBlock bBlock,
            float beta,
            ColumnBlock cBlock,
            Tensor bias) {
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        Tensor a = aBlock.matrix();
        long aBase = aBlock.from();
        int lda = aBlock.stride();
        Tensor b = bBlock.matrix();
        long bBase = bBlock.from();
        int ldb = bBlock.stride();
        Tensor c = cBlock.matrix();
        long cBase = cBlock.from();
        int ldc = cBlock.stride();
        announce();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(beta, c, cBase, m, n, ldc);
            if (bias != null) {
                cBlock.addToEveryRow(bias);
            }
            c.markModified();
            return;
        }
        Precision precision = precision();
        boolean packB = b.isWeight();
        Precision kind = precision == Precision.INT8 && !packB ? Precision.FP32 : precision;
        OneDnnContext ctx = OneDnnContext.current(dnn);

        // The left operand as the blocks read it: the tensor itself (fp32) or a converted row-major copy.
        final long aAddr;
        final int aLd;
        final boolean aTrans;
        final int aType = OneDnnWeight.typeOf(kind);
        final int aElem;
        long srcScale = 0L;
        switch (kind) {
            case FP32 -> {
                aAddr = NativePointer.address(a, aBase);
                aLd = Math.max(1, lda);
                aTrans = transA;
                aElem = Float.BYTES;
            }
            case BF16 -> {
                ByteBuffer s = ctx.scratch(OneDnnContext.SCRATCH_A, 2L * m * k);
                convert(ctx, a, aBase, lda, transA, m, k, dnnl_bf16, s, false);
                aAddr = NativePointer.address(s);
                aLd = k;
                aTrans = false;
                aElem = 2;
            }
            default -> {
                ByteBuffer s = ctx.scratch(OneDnnContext.SCRATCH_A, (long) m * k);
                float max = transA
                        ? AbsMax.of(a.buffer(), (int) (a.offset() + aBase), k, m, lda, ctx.rows(m), ctx.maxima(m))
                        : AbsMax.of(a.buffer(), (int) (a.offset() + aBase), m, k, lda, ctx.rows(k), ctx.maxima(k));
                float q = max > 0f ? max / 127f : 1f;
                ctx.scales.put(0, q);
                ctx.scales.put(1, q * alpha);
                convert(ctx, a, aBase, lda, transA, m, k, dnnl_s8, s, true);
                aAddr = NativePointer.address(s);
                aLd = k;
                aTrans = false;
                aElem = 1;
                srcScale = ctx.scalesAddress + Float.BYTES;
            }
        }

        // The right operand when it is not a weight: the tensor itself (fp32) or a converted row-major copy.
        long bAddr = 0L;
        int bLd = 0;
        boolean bTrans = false;
        int bElem = 0;
        if (!packB) {
            if (kind == Precision.FP32) {
                bAddr = NativePointer.address(b, bBase);
                bLd = Math.max(1, ldb);
                bTrans = transB;
                bElem = Float.BYTES;
            } else {
                ByteBuffer s = ctx.scratch(OneDnnContext.SCRATCH_B, 2L * k * n);
                convert(ctx, b, bBase, ldb, transB, k, n, dnnl_bf16, s, false);
                bAddr = NativePointer.address(s);
                bLd = n;
                bElem = 2;
            }
        }

        int alphaBits = Float.floatToIntBits(kind == Precision.INT8 ? 1f : alpha);
        int betaBits = Float.floatToIntBits(beta);
        long cAddr = NativePointer.address(c, cBase);
        long biasAddr = bias == null ? 0L : NativePointer.address(bias, 0);
        long srcScaleAddr = srcScale;
        long bA = bAddr;
        int bL = bLd;
        boolean bT = bTrans;
        int bE = bElem;
        OutputBlocks.run(m, n, k, threads(), (row0, rows, col0, cols) -> {
            OneDnnContext t = OneDnnContext.current(dnn);
            OneDnnContext.MatmulKey mk = new OneDnnContext.MatmulKey(
                    aType, rows, cols, k, aTrans, aLd, packB, bT, bL, ldc, alphaBits, betaBits, bias != null);
            OneDnnPrimitive mm = t.matmul(mk);
            mm.point(OneDnnContext.MM_SRC, t.pointer, aAddr + (aTrans ? row0 : (long) row0 * aLd) * aElem);
            mm.point(OneDnnContext.MM_DST, t.pointer, cAddr + ((long) row0 * ldc + col0) * Float.BYTES);
            if (mk.bias()) {
                mm.point(mk.biasSlot(), t.pointer, biasAddr + (long) col0 * Float.BYTES);
            }
            OneDnnWeight w = null;
            if (packB) {
                PackedWeights.Key key = new PackedWeights.Key(
                        b.offset() + bBase + (transB ? (long) col0 * ldb : col0),
                        transB ? cols : k,
                        transB ? k : cols,
                        ldb,
                        transB,
                        kind,
                        mm.weightsLayout);
                w = PackedWeights.get(b, key, reuse -> OneDnnWeight.pack(t, b, key, OneDnnWeight.typeOf(kind), reuse));
                mm.use(OneDnnContext.MM_WEIGHTS, w.memory);
                if (kind == Precision.INT8) {
                    mm.use(OneDnnContext.MM_WEIGHTS_SCALES, w.scales);
                }
            } else {
                mm.point(OneDnnContext.MM_WEIGHTS, t.pointer, bA + (bT ? (long) col0 * bL : col0) * bE);
            }
            if (kind == Precision.INT8) {
                mm.point(OneDnnContext.MM_SRC_SCALE, t.pointer, srcScaleAddr);
            }
            mm.execute(t.stream);
            Reference.reachabilityFence(w);
        });
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
        Reference.reachabilityFence(bias);
        Reference.reachabilityFence(ctx);
        c.markModified();
    }

    /**
     * Converts {@code op(X): [rows, cols]} (stored from {@code base} with rows {@code ld} floats apart, transposed
     * when {@code trans}) to a row-major {@code type} matrix in {@code out}; with {@code scaled}, divided by the
     * context's quantisation scale.
     */
    private static void convert(
            OneDnnContext ctx,
            Tensor x,
            long base,
            int ld,
            boolean trans,
            int rows,
            int cols,
            int type,
            ByteBuffer out,
            boolean scaled) {
        long rowStride = trans ? 1 : Math.max(1, ld);
        long colStride = trans ? Math.max(1, ld) : 1;
        OneDnnPrimitive r =
                ctx.reorder(new OneDnnContext.ReorderKey(rows, cols, rowStride, colStride, dnnl_f32, type, -1, scaled));
        r.point(OneDnnContext.RE_FROM, ctx.pointer, NativePointer.address(x, base));
        r.point(OneDnnContext.RE_TO, ctx.pointer, NativePointer.address(out));
        if (scaled) {
            r.point(OneDnnContext.RE_SCALE, ctx.pointer, ctx.scalesAddress);
        }
        r.execute(ctx.stream);
        Reference.reachabilityFence(x);
        Reference.reachabilityFence(out);
    }

    /** {@code C ← β·C} on {@code [m, n]} from {@code base} with rows {@code ldc} apart ({@code β = 0} overwrites). */
    private static void scale(float beta, Tensor c, long base, int m, int n, int ldc) {
        java.nio.FloatBuffer cb = c.buffer();
        for (int i = 0; i < m; i++) {
            int row = (int) (c.offset() + base + (long) i * ldc);
            for (int j = 0; j < n; j++) {
                cb.put(row + j, beta == 0f ? 0f : beta * cb.get(row + j));
            }
        }
    }

    /**
     * For each precision, the implementation oneDNN picks for a small probe product with packed weights, if it has
     * an optimised (non-reference) one on this CPU.
     */
    private static Map<Precision, String> probe(OneDnn dnn) {
        Map<Precision, String> out = new EnumMap<>(Precision.class);
        OneDnnContext ctx = OneDnnContext.current(dnn);
        for (Precision p : Precision.values()) {
            int type = p == Precision.FP32 ? dnnl_f32 : p == Precision.BF16 ? dnnl_bf16 : dnnl_s8;
            try {
                OneDnnPrimitive mm = ctx.matmul(new OneDnnContext.MatmulKey(
                        type, 16, 64, 64, false, 64, true, false, 0, 64, 0x3f800000, 0, false));
                if (p == Precision.INT8 && !hasVnni(dnn)) {
                    LOG.debug("no int8 products without VNNI: their 16-bit sums saturate ({})", mm.implementation);
                } else if (!mm.implementation.startsWith("ref")) {
                    out.put(p, mm.implementation);
                } else {
                    LOG.debug("oneDNN has only a reference matmul for {} here ({})", p, mm.implementation);
                }
            } catch (IllegalStateException e) {
                LOG.debug("oneDNN has no matmul for {} here: {}", p, e.getMessage());
            }
        }
        if (!out.containsKey(Precision.FP32)) {
            throw new IllegalStateException("oneDNN has no optimised float32 matmul on this CPU");
        }
        return out;
    }
}
