package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pure-Java matrix product {@code C ← α·op(A)·op(B) + β·C}: the fallback when no native BLAS loads.
 *
 * <p>Blocked in the manner of GotoBLAS: C is cut into tiles of at most {@value #MC}×{@value #NC}; for each tile
 * and each depth block of {@value #KC}, {@code op(A)} rows are packed into a {@code [mc, kc]} panel and
 * {@code op(B)} into a {@code [kc][nc]} panel (plain {@code float} arrays, one per B row; transposes are
 * resolved while packing), and a micro-kernel accumulates into a {@code float[mc][nc]} tile that is written back once as
 * {@code α·tile + β·C}. The micro-kernel updates 2 rows of the tile with 4 depth steps at a time in one loop over
 * the columns, a loop HotSpot's C2 compiles to vector fused multiply-adds (no incubator modules needed; see
 * {@link #kernel2x4}).
 *
 * <p>Tiles are shared dynamically among {@link #threads()} threads of {@link ComputeThreads#shared()}; packing
 * buffers are allocated once per thread. Instances are thread-safe.
 */
public final class JavaGemm extends AbstractGemm {
    /** Maximum rows of a C tile. */
    static final int MC = 64;
    /** Maximum columns of a C tile. */
    static final int NC = 512;
    /** Maximum depth of a packed block. */
    static final int KC = 256;
    /** Below this many multiply-adds a product runs on the calling thread only. */
    private static final long PARALLEL_MIN_MACS = 1L << 17;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** A backend using as many threads as available processors. */
    public JavaGemm() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A backend using {@code threads} threads (≥ 1). */
    public JavaGemm(int threads) {
        super(threads);
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int[] mnk = Gemm.checkShapes(transA, transB, a, b, c);
        announce();
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(beta, c);
            c.markModified();
            return;
        }
        int threads = threads();
        Product p = new Product(transA, transB, alpha, a, b, beta, c, m, n, k, threads);
        int parts = (long) m * n * k < PARALLEL_MIN_MACS ? 1 : Math.min(threads, p.tiles);
        if (parts == 1) {
            p.runTiles();
        } else {
            ComputeThreads.shared().run(parts, part -> p.runTiles());
        }
        c.markModified();
    }

    @Override
    public String name() {
        return "java";
    }

    /** {@code C ← β·C}, with {@code β = 0} overwriting (so NaN in C does not survive). */
    private static void scale(float beta, Tensor c) {
        if (beta == 0f) {
            c.zero();
        } else if (beta != 1f) {
            FloatBuffer cb = c.buffer();
            for (int i = c.offset(), end = c.offset() + c.size(); i < end; i++) {
                cb.put(i, beta * cb.get(i));
            }
        }
    }

    /** One product cut into tiles; threads take tiles from {@link #next} until none is left. */
    private static final class Product {
        final boolean transA;
        final boolean transB;
        final float alpha;
        final float beta;
        final FloatBuffer ab;
        final FloatBuffer bb;
        final FloatBuffer cb;
        final int ao;
        final int bo;
        final int co;
        final int lda;
        final int ldb;
        final int m;
        final int n;
        final int k;
        final int mBlocks;
        final int nBlocks;
        final int tiles;
        final AtomicInteger next = new AtomicInteger();

        Product(
                boolean transA,
                boolean transB,
                float alpha,
                Tensor a,
                Tensor b,
                float beta,
                Tensor c,
                int m,
                int n,
                int k,
                int threads) {
            this.transA = transA;
            this.transB = transB;
            this.alpha = alpha;
            this.beta = beta;
            this.ab = a.buffer();
            this.bb = b.buffer();
            this.cb = c.buffer();
            this.ao = a.offset();
            this.bo = b.offset();
            this.co = c.offset();
            this.lda = a.colCount();
            this.ldb = b.colCount();
            this.m = m;
            this.n = n;
            this.k = k;
            int mb = ceilDiv(m, MC);
            int nb = ceilDiv(n, NC);
            // With few tiles, make their number a multiple of the thread count so that no thread idles at the end.
            if (threads > 1 && mb * nb < 8 * threads && (mb * nb) % threads != 0) {
                int wider = ceilDiv(nb, threads) * threads;
                if (n / wider >= 16) {
                    nb = wider;
                } else if (m / (ceilDiv(mb, threads) * threads) >= 4) {
                    mb = ceilDiv(mb, threads) * threads;
                }
            }
            this.mBlocks = mb;
            this.nBlocks = nb;
            this.tiles = mb * nb;
        }

        void runTiles() {
            Workspace w = WORKSPACE.get();
            for (int t = next.getAndIncrement(); t < tiles; t = next.getAndIncrement()) {
                int bi = t / nBlocks;
                int bj = t % nBlocks;
                int i0 = blockStart(m, mBlocks, bi);
                int j0 = blockStart(n, nBlocks, bj);
                tile(w, i0, blockStart(m, mBlocks, bi + 1) - i0, j0, blockStart(n, nBlocks, bj + 1) - j0);
            }
        }

        /** Computes the tile {@code C[i0 : i0+mc, j0 : j0+nc]}. */
        private void tile(Workspace w, int i0, int mc, int j0, int nc) {
            float[][] acc = w.tile;
            for (int i = 0; i < mc; i++) {
                Arrays.fill(acc[i], 0, nc, 0f);
            }
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                packA(w, i0, mc, p0, kc);
                packB(w, p0, kc, j0, nc);
                float[] ap = w.a;
                float[][] bp = w.b;
                int i = 0;
                for (; i + 2 <= mc; i += 2) {
                    kernel2x4(ap, i * kc, kc, bp, nc, acc[i], acc[i + 1]);
                }
                if (i < mc) {
                    kernel1x4(ap, i * kc, kc, bp, nc, acc[i]);
                }
            }
            float[] row = w.row;
            for (int i = 0; i < mc; i++) {
                int cAt = co + (i0 + i) * n + j0;
                float[] t = acc[i];
                if (beta == 0f) {
                    for (int j = 0; j < nc; j++) {
                        t[j] *= alpha;
                    }
                } else {
                    cb.get(cAt, row, 0, nc);
                    for (int j = 0; j < nc; j++) {
                        t[j] = alpha * t[j] + beta * row[j];
                    }
                }
                cb.put(cAt, t, 0, nc);
            }
        }

        /** {@code w.a[i·kc + p] = op(A)[i0 + i, p0 + p]}. */
        private void packA(Workspace w, int i0, int mc, int p0, int kc) {
            float[] ap = w.a;
            if (!transA) {
                for (int i = 0; i < mc; i++) {
                    ab.get(ao + (i0 + i) * lda + p0, ap, i * kc, kc);
                }
            } else {
                float[] row = w.row;
                for (int p = 0; p < kc; p++) {
                    ab.get(ao + (p0 + p) * lda + i0, row, 0, mc);
                    for (int i = 0; i < mc; i++) {
                        ap[i * kc + p] = row[i];
                    }
                }
            }
        }

        /** {@code w.b[p][j] = op(B)[p0 + p, j0 + j]}. */
        private void packB(Workspace w, int p0, int kc, int j0, int nc) {
            float[][] bp = w.b;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    bb.get(bo + (p0 + p) * ldb + j0, bp[p], 0, nc);
                }
            } else {
                float[] row = w.row;
                for (int j = 0; j < nc; j++) {
                    bb.get(bo + (j0 + j) * ldb + p0, row, 0, kc);
                    for (int p = 0; p < kc; p++) {
                        bp[p][j] = row[p];
                    }
                }
            }
        }
    }

    /**
     * {@code r0[0:nc] += Σ_p ap[aAt + p]·bp[p][0:nc]} and {@code r1[0:nc] += Σ_p ap[aAt + kc + p]·bp[p][0:nc]}:
     * two rows of a tile updated from two rows of the packed A panel (row stride {@code kc}) and the packed B
     * panel {@code [kc][nc]}.
     *
     * <p>The inner loop takes 4 depth steps at a time, indexes every array by {@code j} alone and touches six
     * arrays (4 B rows, 2 tile rows): measured on JDK 17, this is what C2's SuperWord turns into vector FMAs,
     * while offset indexing ({@code t[off + j]}), more arrays per loop, another enclosing loop in the same
     * compiled method, or this method inlined into its caller, fall back to scalar code at a fifth of the speed.
     * Its bytecode is therefore kept above C2's inlining limit (325 bytes): it is always compiled on its own.
     */
    static void kernel2x4(float[] ap, int aAt, int kc, float[][] bp, int nc, float[] r0, float[] r1) {
        int a0 = aAt;
        int a1 = aAt + kc;
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
            float x00 = ap[a0 + p];
            float x01 = ap[a0 + p + 1];
            float x02 = ap[a0 + p + 2];
            float x03 = ap[a0 + p + 3];
            float x10 = ap[a1 + p];
            float x11 = ap[a1 + p + 1];
            float x12 = ap[a1 + p + 2];
            float x13 = ap[a1 + p + 3];
            float[] b0 = bp[p];
            float[] b1 = bp[p + 1];
            float[] b2 = bp[p + 2];
            float[] b3 = bp[p + 3];
            for (int j = 0; j < nc; j++) {
                float y0 = b0[j];
                float y1 = b1[j];
                float y2 = b2[j];
                float y3 = b3[j];
                r0[j] = Math.fma(x03, y3, Math.fma(x02, y2, Math.fma(x01, y1, Math.fma(x00, y0, r0[j]))));
                r1[j] = Math.fma(x13, y3, Math.fma(x12, y2, Math.fma(x11, y1, Math.fma(x10, y0, r1[j]))));
            }
        }
        // Depth remainder (kc not a multiple of 4), one step at a time; written out here, not called, to keep the
        // method above the inlining limit.
        for (; p < kc; p++) {
            float x0 = ap[a0 + p];
            float x1 = ap[a1 + p];
            float[] b0 = bp[p];
            for (int j = 0; j < nc; j++) {
                float y0 = b0[j];
                r0[j] = Math.fma(x0, y0, r0[j]);
                r1[j] = Math.fma(x1, y0, r1[j]);
            }
        }
    }

    /** {@code r0 += ap[aAt, :]·bp} for one row, 4 depth steps at a time; see {@link #kernel2x4}. */
    static void kernel1x4(float[] ap, int aAt, int kc, float[][] bp, int nc, float[] r0) {
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
            float x0 = ap[aAt + p];
            float x1 = ap[aAt + p + 1];
            float x2 = ap[aAt + p + 2];
            float x3 = ap[aAt + p + 3];
            float[] b0 = bp[p];
            float[] b1 = bp[p + 1];
            float[] b2 = bp[p + 2];
            float[] b3 = bp[p + 3];
            for (int j = 0; j < nc; j++) {
                r0[j] = Math.fma(x3, b3[j], Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], r0[j]))));
            }
        }
        if (p < kc) {
            kernel1(ap, aAt, p, kc, bp, nc, r0);
        }
    }

    /** {@code r0 += Σ_{p ∈ [from, kc)} ap[aAt + p]·bp[p]}: the depth remainder, one step at a time. */
    private static void kernel1(float[] ap, int aAt, int from, int kc, float[][] bp, int nc, float[] r0) {
        for (int p = from; p < kc; p++) {
            float x = ap[aAt + p];
            float[] b = bp[p];
            for (int j = 0; j < nc; j++) {
                r0[j] = Math.fma(x, b[j], r0[j]);
            }
        }
    }

    /** Start of block {@code i} when {@code length} is cut into {@code blocks} nearly equal blocks. */
    private static int blockStart(int length, int blocks, int i) {
        return (int) ((long) length * i / blocks);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Per-thread packing buffers, allocated once at their maximum size. */
    private static final class Workspace {
        final float[] a = new float[MC * KC];
        final float[][] b = new float[KC][NC];
        final float[][] tile = new float[MC][NC];
        final float[] row = new float[Math.max(MC, Math.max(NC, KC))];
    }
}
