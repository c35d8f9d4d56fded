package dev.tolk.core;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.function.IntConsumer;
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
 * recurrent products of a seq2seq step are too small to amortise its start-up anyway. Instead a product of at
 * least {@value #PARALLEL_MIN_FLOP} floating-point operations is cut into a few blocks of the <em>output</em>
 * (column blocks of {@code C} when {@code C} is at least as wide as it is tall, row blocks otherwise), each
 * computed by a single-threaded {@code cblas_sgemm}; with {@link #threads()} {@code > 1} the blocks run on the
 * threads of {@link ComputeThreads#shared()}, whose idle threads park instead of spinning.
 *
 * <p><b>Same bits for every thread count.</b> How a product is cut depends on its shape only ({@link #partsFor}),
 * never on the thread count, so one thread computes exactly the calls two or four threads share out: the
 * results are bit-identical for any thread count, whichever micro-kernels OpenBLAS picks for the CPU
 * ({@code OPENBLAS_CORETYPE} changes them, and with them the rounding of a product cut differently; tested under
 * each setting). A product called from inside a {@link ComputeThreads} part (e.g. one direction of a
 * bidirectional RNN running concurrently with the other) computes its blocks serially. {@link #setThreads(int)}
 * sets this instance's count only. Products may be called from several Java threads at once (tested; each
 * thread uses its own pointer objects).
 *
 * <p>Use {@link #load()} to create it: it fails with {@link UnsatisfiedLinkError} (or another {@link Error} from
 * the loader) when the native library is not available for this platform.
 */
public final class OpenBlasGemm implements Gemm {
    private static final Logger LOG = LoggerFactory.getLogger(OpenBlasGemm.class);
    private static final String VERSION = openblasVersion();

    /** Per calling thread: reusable pointers for A, B and C. */
    private static final ThreadLocal<Address[]> POINTERS =
            ThreadLocal.withInitial(() -> new Address[] {new Address(), new Address(), new Address()});

    /** Products below this many floating-point operations ({@code 2·m·n·k}) are never split. */
    static final long PARALLEL_MIN_FLOP = 6_000_000L;
    /** Block edges of a split product are multiples of this (a multiple of every sgemm micro-kernel width). */
    static final int BLOCK_ALIGN = 64;
    /** The most blocks a product is cut into (see {@link #partsFor}). */
    static final int MAX_PARTS = 4;

    private volatile int threads;

    private OpenBlasGemm(int threads) {
        // OpenBLAS itself always runs single-threaded; parallelism is ours (see the class comment).
        openblas_nolapack.blas_set_num_threads(1);
        setThreads(threads);
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
     * {@code ld*} floats apart; cut into {@link #partsFor} output blocks, which run over the compute threads.
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
        if (m == 0 || n == 0) {
            return;
        }
        int parts = partsFor(m, n, k);
        if (parts == 1) {
            call(transA, transB, m, n, k, alpha, a, aBase, lda, b, bBase, ldb, beta, c, cBase, ldc);
            return;
        }
        boolean byColumns = n >= m;
        int extent = byColumns ? n : m;
        int perPart = blockWidth(extent, parts);
        IntConsumer block = i -> {
            int from = i * perPart;
            int len = Math.min(perPart, extent - from);
            if (len <= 0) {
                return;
            }
            if (byColumns) {
                // C[:, from:from+len] = op(A) · op(B)[:, from:from+len]
                call(
                        transA,
                        transB,
                        m,
                        len,
                        k,
                        alpha,
                        a,
                        aBase,
                        lda,
                        b,
                        bBase + (transB ? (long) from * ldb : from),
                        ldb,
                        beta,
                        c,
                        cBase + from,
                        ldc);
            } else {
                // C[from:from+len, :] = op(A)[from:from+len, :] · op(B)
                call(
                        transA,
                        transB,
                        len,
                        n,
                        k,
                        alpha,
                        a,
                        aBase + (transA ? from : (long) from * lda),
                        lda,
                        b,
                        bBase,
                        ldb,
                        beta,
                        c,
                        cBase + (long) from * ldc,
                        ldc);
            }
        };
        int workers = Math.min(threads, parts);
        if (workers == 1 || ComputeThreads.inPart()) {
            for (int i = 0; i < parts; i++) {
                block.accept(i);
            }
        } else {
            // Worker w computes blocks w, w + workers, ...: the blocks, and so every element's bits, are the same
            // whatever the thread count.
            ComputeThreads.shared().run(workers, w -> {
                for (int i = w; i < parts; i += workers) {
                    block.accept(i);
                }
            });
        }
    }

    /**
     * How many output blocks a product of {@code op(A): [m, k]} and {@code op(B): [k, n]} is cut into. A function
     * of the shape alone, never of the thread count: 1 below {@value #PARALLEL_MIN_FLOP} floating-point operations,
     * 2 up to eight times that, 4 above, and never more than the {@value #BLOCK_ALIGN}-wide blocks the split
     * dimension holds. With {@code t} threads the blocks are shared out round-robin, so one, two or four threads
     * compute the very same calls and the same bits, whichever kernel OpenBLAS picks for this CPU
     * ({@code OPENBLAS_CORETYPE}).
     */
    static int partsFor(int m, int n, int k) {
        long flop = 2L * m * n * k;
        if (flop < PARALLEL_MIN_FLOP) {
            return 1;
        }
        int wanted = flop < 8 * PARALLEL_MIN_FLOP ? 2 : MAX_PARTS;
        int extent = Math.max(m, n);
        int blocks = (extent + BLOCK_ALIGN - 1) / BLOCK_ALIGN;
        return Math.max(1, Math.min(wanted, blocks));
    }

    /** Width of each block (a multiple of {@value #BLOCK_ALIGN}) when {@code extent} is cut into {@code parts}. */
    private static int blockWidth(int extent, int parts) {
        int blocks = (extent + BLOCK_ALIGN - 1) / BLOCK_ALIGN;
        return (blocks + parts - 1) / parts * BLOCK_ALIGN;
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

    /** Threads a large product is split over (OpenBLAS itself stays single-threaded; see the class comment). */
    @Override
    public int threads() {
        return threads;
    }

    /** Sets the number of output blocks a large product is split into (this instance only). */
    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
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
