package dev.tolk.core;

/**
 * How a product {@code C[m, n] ← op(A)[m, k]·op(B)[k, n]} is cut into blocks of its <em>output</em> for the native
 * backends ({@link OpenBlasGemm}, {@link OneDnnGemm}), each block computed by one single-threaded library call.
 *
 * <p><b>By shape only.</b> The cut depends on {@code (m, n, k)} alone, never on the thread count: below
 * {@value #PARALLEL_MIN_FLOP} floating-point operations one block, up to eight times that two, above four, never
 * more than the {@value #BLOCK_ALIGN}-wide blocks the split dimension holds; {@code C} is cut into column blocks when
 * it is at least as wide as it is tall ({@code n ≥ m}), into row blocks otherwise. With {@code t} threads the blocks
 * are shared out round-robin (worker {@code w} computes blocks {@code w, w + t, …}), so one, two or four threads make
 * exactly the same library calls and so produce the same bits, whatever kernels the library picks.
 *
 * <p>A product started from inside a {@link ComputeThreads} part (e.g. one direction of a bidirectional RNN running
 * beside the other) computes its blocks serially on its own thread.
 */
final class OutputBlocks {
    /** Products below this many floating-point operations ({@code 2·m·n·k}) are never split. */
    static final long PARALLEL_MIN_FLOP = 6_000_000L;
    /** Block edges of a split product are multiples of this (a multiple of every micro-kernel width). */
    static final int BLOCK_ALIGN = 64;
    /** The most blocks a product is cut into. */
    static final int MAX_PARTS = 4;

    private OutputBlocks() {}

    /** One block of the output: rows {@code [row0, row0 + rows)} and columns {@code [col0, col0 + cols)} of C. */
    @FunctionalInterface
    interface Block {
        void compute(int row0, int rows, int col0, int cols);
    }

    /** How many output blocks a product of {@code op(A): [m, k]} and {@code op(B): [k, n]} is cut into. */
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

    /** Whether C is cut into column blocks (else row blocks). */
    static boolean byColumns(int m, int n) {
        return n >= m;
    }

    /** Width of each block (a multiple of {@value #BLOCK_ALIGN}) when {@code extent} is cut into {@code parts}. */
    static int blockWidth(int extent, int parts) {
        int blocks = (extent + BLOCK_ALIGN - 1) / BLOCK_ALIGN;
        return (blocks + parts - 1) / parts * BLOCK_ALIGN;
    }

    /**
     * Computes every block of the product's output with {@code block}, on up to {@code threads} threads of
     * {@link ComputeThreads#shared()}; returns when all are done.
     */
    static void run(int m, int n, int k, int threads, Block block) {
        int parts = partsFor(m, n, k);
        if (parts == 1) {
            block.compute(0, m, 0, n);
            return;
        }
        boolean byColumns = byColumns(m, n);
        int extent = byColumns ? n : m;
        int width = blockWidth(extent, parts);
        int workers = Math.min(threads, parts);
        if (workers == 1 || ComputeThreads.inPart()) {
            for (int i = 0; i < parts; i++) {
                one(block, byColumns, i, width, extent, m, n);
            }
        } else {
            ComputeThreads.shared().run(workers, w -> {
                for (int i = w; i < parts; i += workers) {
                    one(block, byColumns, i, width, extent, m, n);
                }
            });
        }
    }

    private static void one(Block block, boolean byColumns, int i, int width, int extent, int m, int n) {
        int from = i * width;
        int len = Math.min(width, extent - from);
        if (len <= 0) {
            return;
        }
        if (byColumns) {
            block.compute(0, m, from, len);
        } else {
            block.compute(from, len, 0, n);
        }
    }
}
