package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Products of column blocks (parts of row-major matrices, rows {@code stride} floats apart) against the
 * definition, for the Java backend (which copies the blocks) and OpenBLAS (strided, also split over threads);
 * columns outside the blocks, including those of C, must stay untouched.
 */
class GemmColumnBlockTest {

    @ParameterizedTest
    @CsvSource({
        // m, n, k: small, ragged, and above the splitting threshold in both directions
        "3, 5, 4",
        "17, 33, 9",
        "64, 700, 200",
        "700, 64, 200",
    })
    void columnBlockProductsMatchTheDefinitionAndLeaveOtherColumnsAlone(int m, int n, int k) {
        java.util.List<Gemm> backends = new java.util.ArrayList<>(java.util.List.of(new JavaGemm(1), new JavaGemm(2)));
        if (GemmTest.openBlasShipped()) {
            backends.add(OpenBlasGemm.load(1));
            backends.add(OpenBlasGemm.load(2));
            backends.add(OneDnnGemm.load(1));
            backends.add(OneDnnGemm.load(2));
        }
        SplittableRandom rnd = new SplittableRandom(m * 131L + n * 17L + k);
        for (Gemm g : backends) {
            for (int ta = 0; ta < 2; ta++) {
                for (int tb = 0; tb < 2; tb++) {
                    boolean transA = ta == 1;
                    boolean transB = tb == 1;
                    // each operand is a block inside a wider matrix: 2 columns before, 3 after
                    ColumnBlock a = block(rnd, transA ? k : m, transA ? m : k);
                    ColumnBlock b = block(rnd, transB ? n : k, transB ? k : n);
                    ColumnBlock c = block(rnd, m, n);
                    Tensor cBefore = c.matrix().copy();
                    Tensor aa = a.copy();
                    Tensor bb = b.copy();
                    Tensor c0 = c.copy();
                    g.gemm(transA, transB, 0.5f, a, b, 2f, c);
                    double[] ab = GemmTest.reference(transA, transB, aa, bb, m, n, k);
                    String what = g.name() + "/" + g.threads() + " tA=" + transA + " tB=" + transB;
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < c.matrix().colCount(); j++) {
                            float got = c.matrix().get(i, j);
                            if (j >= c.from() && j < c.from() + n) {
                                double want = 0.5 * ab[i * n + j - c.from()] + 2.0 * c0.get(i, j - c.from());
                                assertEquals(
                                        want,
                                        got,
                                        1e-4 * (1 + Math.abs(want)) * Math.sqrt(k),
                                        what + " C[" + i + "," + j + "]");
                            } else {
                                assertEquals(
                                        cBefore.get(i, j),
                                        got,
                                        0f,
                                        what + " outside the block at [" + i + "," + j + "]");
                            }
                        }
                    }
                }
            }
        }
    }

    @Tag("determinism")
    @Test
    void stridedProductGivesTheSameBitsOnOneAndTwoThreads() {
        assumeTrue(GemmTest.openBlasShipped());
        SplittableRandom rnd = new SplittableRandom(5);
        ColumnBlock a = block(rnd, 64, 300);
        assertTrue(OutputBlocks.partsFor(64, 1000, 300) > 1, "the product is cut into blocks");
        ColumnBlock b = block(rnd, 1000, 300);
        ColumnBlock c1 = block(rnd, 64, 1000);
        ColumnBlock c2 = new ColumnBlock(c1.matrix().copy(), c1.from(), c1.count());
        OpenBlasGemm.load(1).gemm(false, true, 1f, a, b, 1f, c1);
        OpenBlasGemm.load(2).gemm(false, true, 1f, a, b, 1f, c2);
        for (int i = 0; i < c1.matrix().size(); i++) {
            assertEquals(
                    Float.floatToRawIntBits(c1.matrix().get(i)),
                    Float.floatToRawIntBits(c2.matrix().get(i)),
                    "at " + i);
        }
    }

    @Test
    void shapesAndBoundsAreChecked() {
        Tensor w = Tensor.zeros(4, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnBlock.of(w, 4, 3));
        assertEquals("ColumnBlock: columns [4, 7) outside a matrix of 6 columns", e.getMessage());
        Gemm g = new JavaGemm(1);
        IllegalArgumentException s = assertThrows(
                IllegalArgumentException.class,
                () -> g.gemm(
                        false,
                        true,
                        1f,
                        ColumnBlock.of(Tensor.zeros(2, 3)),
                        ColumnBlock.of(w, 0, 2),
                        0f,
                        ColumnBlock.of(Tensor.zeros(2, 4))));
        assertEquals("Gemm: op(A) is [2, 3], op(B) is [2, 4], C is [2, 4] (column blocks)", s.getMessage());
    }

    /** A random {@code [rows, cols]} block at columns {@code [2, 2 + cols)} of a {@code [rows, cols + 5]} matrix. */
    static ColumnBlock block(SplittableRandom rnd, int rows, int cols) {
        return ColumnBlock.of(GemmTest.random(rnd, rows, cols + 5), 2, cols);
    }
}
