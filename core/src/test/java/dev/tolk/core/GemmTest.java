package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every backend against a double-precision naive product. */
class GemmTest {

    /** OpenBLAS ships for Linux x86-64 (always) and for the build machine's platform: there it must load. */
    static boolean openBlasShipped() {
        return System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64");
    }

    static Stream<Gemm> backends() {
        List<Gemm> list = new ArrayList<>();
        list.add(new JavaGemm(1));
        list.add(new JavaGemm(2));
        list.add(new JavaGemm(3));
        if (openBlasShipped()) {
            list.add(OpenBlasGemm.load(2));
            list.add(OneDnnGemm.load(1));
            list.add(OneDnnGemm.load(2));
        }
        return list.stream();
    }

    /** {@code op(A)·op(B)} in double precision, straight from the definition. */
    static double[] reference(boolean transA, boolean transB, Tensor a, Tensor b, int m, int n, int k) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a.get(p, i) : a.get(i, p);
                    double y = transB ? b.get(j, p) : b.get(p, j);
                    s += x * y;
                }
                out[i * n + j] = s;
            }
        }
        return out;
    }

    static Tensor random(SplittableRandom rnd, int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) (rnd.nextDouble() * 2 - 1));
        }
        return t;
    }

    /**
     * A random {@code [rows, cols]} matrix placed as a view in the middle of a larger storage whose other rows
     * hold garbage, so that any use of the offset or of neighbouring memory shows.
     */
    static Tensor randomView(SplittableRandom rnd, int rows, int cols) {
        int before = 1 + rnd.nextInt(3);
        Tensor storage = random(rnd, rows + before + 2, cols).fill(Float.NaN);
        Tensor v = storage.rows(before, rows);
        v.copyFrom(random(rnd, rows, cols));
        return v;
    }

    static void check(
            Gemm g,
            SplittableRandom rnd,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float beta,
            boolean views) {
        Tensor a =
                views ? randomView(rnd, transA ? k : m, transA ? m : k) : random(rnd, transA ? k : m, transA ? m : k);
        Tensor b =
                views ? randomView(rnd, transB ? n : k, transB ? k : n) : random(rnd, transB ? n : k, transB ? k : n);
        Tensor c = views ? randomView(rnd, m, n) : random(rnd, m, n);
        Tensor c0 = c.copy();
        g.gemm(transA, transB, alpha, a, b, beta, c);
        double[] ab = reference(transA, transB, a, b, m, n, k);
        String what = g.name() + "/" + g.threads() + " tA=" + transA + " tB=" + transB + " m=" + m + " n=" + n + " k="
                + k + " α=" + alpha + " β=" + beta + (views ? " (views)" : "");
        for (int i = 0; i < m * n; i++) {
            double expected = alpha * ab[i] + (beta == 0f ? 0 : beta * (double) c0.get(i));
            // float32 accumulation over k terms of magnitude ≤ 1: error grows like sqrt(k)·ε, bounded here loosely.
            double tol = 1e-5 * (1 + Math.abs(alpha)) * Math.sqrt(k + 1) * 4 + 1e-6;
            assertEquals(expected, c.get(i), tol, what + " at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void smallAndOddShapesAllTransposes(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(42);
        int[][] shapes = {
            {1, 1, 1},
            {1, 7, 3},
            {5, 1, 9},
            {3, 5, 1},
            {7, 13, 17},
            {17, 3, 33},
            {33, 65, 5},
            {4, 4, 4},
            {9, 31, 260},
            {130, 19, 7}
        };
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                check(g, rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f, false);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void alphaBetaAndViewsAllTransposes(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(7);
        float[][] alphaBeta = {{1f, 1f}, {-0.5f, 2f}, {2f, 0f}, {0.25f, -1f}};
        for (float[] ab : alphaBeta) {
            for (int t = 0; t < 4; t++) {
                check(
                        g,
                        rnd,
                        (t & 1) != 0,
                        (t & 2) != 0,
                        1 + rnd.nextInt(40),
                        1 + rnd.nextInt(40),
                        1 + rnd.nextInt(40),
                        ab[0],
                        ab[1],
                        true);
            }
        }
    }

    /** Shapes that cross every blocking boundary of {@link JavaGemm} (MC, NC, KC) and use several tiles. */
    @ParameterizedTest
    @MethodSource("backends")
    void shapesAcrossBlockBoundaries(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] shapes = {
            {JavaGemm.MC + 3, JavaGemm.NC + 5, JavaGemm.KC + 7},
            {64, 2 * JavaGemm.NC + 1, 2 * JavaGemm.KC + 3},
            {2 * JavaGemm.MC + 1, 37, 100}
        };
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                check(g, rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.75f, t == 3 ? 0.5f : 0f, t == 2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void betaZeroOverwritesNaNAndEmptyDepthScales(Gemm g) {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 2);
        Tensor c = Tensor.zeros(2, 2).fill(Float.NaN);
        g.gemm(false, false, 1f, a, b, 0f, c);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c.toArray());
        g.gemm(true, false, 1f, a, b, 1f, c);
        // Aᵀ·B = [[1·5+3·7, 1·6+3·8], [2·5+4·7, 2·6+4·8]] = [[26, 30], [38, 44]]
        assertArrayEquals(new float[] {45, 52, 81, 94}, c.toArray());
        g.gemm(false, true, 1f, a, b, 0f, c);
        // A·Bᵀ = [[1·5+2·6, 1·7+2·8], [3·5+4·6, 3·7+4·8]]
        assertArrayEquals(new float[] {17, 23, 39, 53}, c.toArray());
        Tensor empty = Tensor.zeros(2, 0);
        Tensor emptyT = Tensor.zeros(0, 2);
        g.gemm(false, false, 1f, empty, emptyT, 2f, c);
        assertArrayEquals(new float[] {34, 46, 78, 106}, c.toArray());
        g.gemm(false, false, 1f, empty, emptyT, 0f, c);
        assertArrayEquals(new float[] {0, 0, 0, 0}, c.toArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void shapeMismatchNamesAllShapes(Gemm g) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> g.gemm(false, false, 1f, Tensor.zeros(2, 3), Tensor.zeros(4, 5), 0f, Tensor.zeros(2, 5)));
        assertTrue(
                e.getMessage().contains("[2, 3]")
                        && e.getMessage().contains("[4, 5]")
                        && e.getMessage().contains("C is [2, 5]"),
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void concurrentCallersGetTheirOwnResults(Gemm g) throws Exception {
        int callers = 4;
        Tensor[] a = new Tensor[callers];
        Tensor[] expected = new Tensor[callers];
        Tensor[] actual = new Tensor[callers];
        for (int t = 0; t < callers; t++) {
            SplittableRandom rnd = new SplittableRandom(100 + t);
            a[t] = random(rnd, 70, 90);
            expected[t] = Tensor.zeros(70, 70);
            actual[t] = Tensor.zeros(70, 70);
            new JavaGemm(1).gemm(false, true, 1f, a[t], a[t], 0f, expected[t]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int i = t;
                done.add(pool.submit(() -> {
                    for (int rep = 0; rep < 50; rep++) {
                        g.gemm(false, true, 1f, a[i], a[i], 0f, actual[i]);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int t = 0; t < callers; t++) {
            for (int i = 0; i < expected[t].size(); i++) {
                assertEquals(expected[t].get(i), actual[t].get(i), 1e-4f, g.name() + " caller " + t + " at " + i);
            }
        }
    }

    @Test
    void backendsAgreeOnALargeProductWithTwoThreads() {
        assumeTrue(openBlasShipped());
        SplittableRandom rnd = new SplittableRandom(11);
        Tensor a = random(rnd, 300, 520);
        Tensor b = random(rnd, 520, 700);
        Tensor c1 = Tensor.zeros(300, 700);
        Tensor c2 = Tensor.zeros(300, 700);
        new JavaGemm(2).mul(a, b, c1);
        OpenBlasGemm.load(2).mul(a, b, c2);
        for (int i = 0; i < c1.size(); i++) {
            assertEquals(c2.get(i), c1.get(i), 2e-4f, "at " + i);
        }
    }

    @Test
    void threadCountIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new JavaGemm(0));
        JavaGemm g = new JavaGemm(1);
        g.setThreads(4);
        assertEquals(4, g.threads());
        assertEquals("java", g.name());
        assumeTrue(openBlasShipped());
        OpenBlasGemm o = OpenBlasGemm.load(1);
        assertTrue(o.name().startsWith("openblas-0.3."), o.name());
        assertEquals(1, o.threads());
        o.setThreads(2);
        assertEquals(2, o.threads());
        assertThrows(IllegalArgumentException.class, () -> o.setThreads(0));
    }

    @Test
    void backendSelectionAndOverride() {
        assertEquals("java", GemmBackend.choose("java").name());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> GemmBackend.choose("mkl"));
        assertTrue(
                bad.getMessage().contains("tolk.gemm")
                        && bad.getMessage().contains("mkl")
                        && bad.getMessage().contains("onednn, openblas or java"),
                bad.getMessage());
        assertTrue(Gemm.get() == Gemm.get(), "the default backend is chosen once");
        assumeTrue(openBlasShipped());
        assertTrue(GemmBackend.choose(null).name().startsWith("onednn-3.11"), "oneDNN loads on linux-x86_64");
        assertTrue(GemmBackend.choose("").name().startsWith("onednn"));
        assertEquals("java", GemmBackend.choose(" JAVA ").name());
        assertTrue(GemmBackend.choose("openblas").name().startsWith("openblas-0.3.31"));
        assertTrue(GemmBackend.choose("OneDNN").name().startsWith("onednn"));
        String forced = System.getProperty(GemmBackend.PROPERTY);
        assertTrue(
                Gemm.get().name().startsWith(forced == null ? "onednn" : forced),
                Gemm.get().name() + " under -D" + GemmBackend.PROPERTY + "=" + forced);
    }

    private static void assertArrayEquals(float[] expected, float[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-5f);
    }
}
