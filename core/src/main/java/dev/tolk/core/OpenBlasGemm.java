package dev.tolk.core;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix products through OpenBLAS's {@code cblas_sgemm}, loaded from the {@code org.bytedeco:openblas} artifact
 * (the native library is extracted by JavaCPP to {@code ~/.javacpp/cache} on first use; nothing to install).
 *
 * <p>Zero copies: the tensors' direct buffers are handed to BLAS by address. Each calling thread reuses three
 * pointer objects whose address is set before the call, so a product allocates nothing on the Java heap.
 *
 * <p><b>Threads.</b> OpenBLAS's own thread pool is kept at <em>one</em> thread for the whole process: its
 * OpenMP/pthread workers busy-wait between products, which makes a multi-threaded OpenBLAS collapse (measured
 * 4 GFLOP/s instead of 100 at 64×512·512×1536) as soon as another process competes for a core, and the
 * recurrent products of a seq2seq step are too small to amortise its start-up anyway. Instead a large product is
 * cut into a few blocks of the <em>output</em> ({@link OutputBlocks}), each computed by a single-threaded
 * {@code cblas_sgemm}; with {@link #threads()} {@code > 1} the blocks run on the threads of
 * {@link ComputeThreads#shared()}, whose idle threads park instead of spinning.
 *
 * <p><b>Same bits for every thread count.</b> How a product is cut depends on its shape only, never on the thread
 * count, so one thread computes exactly the calls two or four threads share out: the results are bit-identical for
 * any thread count, whichever micro-kernels OpenBLAS picks for the CPU ({@code OPENBLAS_CORETYPE} changes them, and
 * with them the rounding of a product cut differently; tested under each setting). {@link #setThreads(int)} sets
 * this instance's count only. Products may be called from several Java threads at once (tested; each thread uses
 * its own pointer objects).
 *
 * <p>OpenBLAS computes {@link Precision#FP32} only.
 *
 * <p>Use {@link #load()} to create it: it fails with {@link UnsatisfiedLinkError} (or another {@link Error} from
 * the loader) when the native library is not available for this platform.
 */
public final class OpenBlasGemm extends AbstractGemm {
    private static final Logger LOG = LoggerFactory.getLogger(OpenBlasGemm.class);
    private static final String VERSION = openblasVersion();

    /** Per calling thread: reusable pointers for A, B and C. */
    private static final ThreadLocal<Address[]> POINTERS =
            ThreadLocal.withInitial(() -> new Address[] {new Address(), new Address(), new Address()});

    private OpenBlasGemm(int threads) {
        super(threads);
        // OpenBLAS itself always runs single-threaded; parallelism is ours (see the class comment).
        openblas_nolapack.blas_set_num_threads(1);
    }

    /**
     * Loads the native library and returns a backend using {@code threads} threads.
     *
     * @throws LinkageError when the native library does not load on this platform
     */
    public static OpenBlasGemm load(int threads) {
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            // JavaCPP's loader would otherwise print warnings to standard error; library code logs through SLF4J.
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        String path = Loader.load(openblas_nolapack.class);
        LOG.debug("OpenBLAS loaded from {}", path);
        return new OpenBlasGemm(threads);
    }

    /** Loads the native library with as many threads as available processors; see {@link #load(int)}. */
    public static OpenBlasGemm load() {
        return load(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int[] mnk = Gemm.checkShapes(transA, transB, a, b, c);
        product(
                transA,
                transB,
                mnk[0],
                mnk[1],
                mnk[2],
                alpha,
                a,
                0,
                a.colCount(),
                b,
                0,
                b.colCount(),
                beta,
                c,
                0,
                c.colCount());
    }

    /** Strided products straight on the blocks' storage: no copies. */
    @Override
    public void gemm(
            boolean transA, boolean transB, float alpha, ColumnBlock a, ColumnBlock b, float beta, ColumnBlock c) {
        int[] mnk = Gemm.checkShapes(transA, transB, a, b, c);
        product(
                transA,
                transB,
                mnk[0],
                mnk[1],
                mnk[2],
                alpha,
                a.matrix(),
                a.from(),
                a.stride(),
                b.matrix(),
                b.from(),
                b.stride(),
                beta,
                c.matrix(),
                c.from(),
                c.stride());
    }

    /**
     * {@code C ← α·op(A)·op(B) + β·C} with each operand starting {@code *Base} floats into its tensor and rows
     * {@code ld*} floats apart; cut into output blocks by shape ({@link OutputBlocks}), which run over the compute
     * threads.
     */
    private void product(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            Tensor a,
            long aBase,
            int lda,
            Tensor b,
            long bBase,
            int ldb,
            float beta,
            Tensor c,
            long cBase,
            int ldc) {
        announce();
        if (m == 0 || n == 0) {
            return;
        }
        OutputBlocks.run(
                m,
                n,
                k,
                threads(),
                (row0, rows, col0, cols) -> call(
                        transA,
                        transB,
                        rows,
                        cols,
                        k,
                        alpha,
                        a,
                        aBase + (transA ? row0 : (long) row0 * lda),
                        lda,
                        b,
                        bBase + (transB ? (long) col0 * ldb : col0),
                        ldb,
                        beta,
                        c,
                        cBase + (long) row0 * ldc + col0,
                        ldc));
        c.markModified();
    }

    /** One single-threaded {@code cblas_sgemm} on sub-blocks starting {@code aOff, bOff, cOff} floats in. */
    private static void call(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            Tensor a,
            long aOff,
            int lda,
            Tensor b,
            long bOff,
            int ldb,
            float beta,
            Tensor c,
            long cOff,
            int ldc) {
        Address[] p = POINTERS.get();
        try {
            // Row-major: lda is the distance between stored rows of A (at least k without transpose, m with).
            openblas_nolapack.cblas_sgemm(
                    openblas_nolapack.CblasRowMajor,
                    transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m,
                    n,
                    k,
                    alpha,
                    p[0].at(a, aOff),
                    Math.max(1, lda),
                    p[1].at(b, bOff),
                    Math.max(1, ldb),
                    beta,
                    p[2].at(c, cOff),
                    Math.max(1, ldc));
        } finally {
            // The buffers must stay reachable (not freed by their cleaner) until BLAS has returned.
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(c);
        }
    }

    @Override
    public String name() {
        return "openblas-" + VERSION;
    }

    private static String openblasVersion() {
        String v = openblas_nolapack.OPENBLAS_VERSION.trim();
        return v.startsWith("OpenBLAS ") ? v.substring("OpenBLAS ".length()).trim() : v;
    }

    /** A float pointer whose address is set to a tensor's first element before each call. */
    private static final class Address extends FloatPointer {
        Address() {
            super();
        }

        Address at(Tensor t, long extra) {
            FloatBuffer buf = t.buffer();
            long base = t.nativeBaseAddress();
            if (base == 0L) {
                base = getDirectBufferAddress(buf);
                if (base == 0L) {
                    throw new IllegalArgumentException("OpenBlasGemm: tensor storage is not a direct buffer");
                }
                t.cacheNativeBaseAddress(base);
            }
            this.address = base + ((long) t.offset() + extra) * Float.BYTES;
            this.position = 0;
            return this;
        }
    }
}
