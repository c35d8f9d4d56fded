package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every (backend, precision) configuration satisfies ({@link GemmConfigurations}): products against an
 * outside implementation (EJML's {@code CommonOps_FDRM}) within the precision's relative Frobenius error
 * ({@link GemmConfigurations#tolerance}: fp32 2e-6, bf16 4e-3, int8 1.5e-2), for all four transposes, with the right
 * operand a weight (a {@link Parameter} value, which backends may pack and cache) or an activation, as views at an
 * offset inside larger storage, as {@link ColumnBlock}s, with α ≠ 1 and β ≠ 0 accumulation, with a bias
 * ({@link Gemm#gemmBias}: in float32 the same bits as the product followed by adding the bias), at model shapes, odd
 * shapes and shapes that are cut into output blocks, on one and two threads.
 */
class GemmContractTest {

    static Stream<Arguments> configurations() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int threads : new int[] {1, 2}) {
            for (Gemm g : GemmConfigurations.all(threads)) {
                b.add(Arguments.of(Named.of(GemmConfigurations.label(g), g)));
            }
        }
        return b.build();
    }

    /** Shapes {m, n, k}: model shapes, odd ones, and ones cut into column and row blocks. */
    private static final int[][] SHAPES = {
        {64, 768, 256}, {64, 1536, 512}, {37, 129, 65}, {1, 300, 17}, {3, 5, 1}, {200, 777, 300}, {700, 64, 200}
    };

    @ParameterizedTest
    @MethodSource("configurations")
    void productsMatchEjmlForEveryTransposeWithWeightsAndActivations(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(2024);
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                for (boolean weight : new boolean[] {true, false}) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Tensor a = GemmTest.random(rnd, ta ? k : m, ta ? m : k);
                    Tensor b = GemmTest.random(rnd, tb ? n : k, tb ? k : n);
                    if (weight) {
                        b = Parameter.of("w", b).value();
                    }
                    Tensor c = GemmTest.random(rnd, m, n);
                    Tensor c0 = c.copy();
                    float alpha = t == 3 ? 0.75f : 1f;
                    float beta = t == 1 ? 1f : t == 3 ? 0.5f : 0f;
                    g.gemm(ta, tb, alpha, a, b, beta, c);
                    assertClose(g, ejml(ta, tb, a, b), alpha, c0, beta, c, what(s, ta, tb, weight));
                    if (weight) {
                        // the same weight again (its packed form comes from the cache): the same result
                        Tensor again = c0.copy();
                        g.gemm(ta, tb, alpha, a, b, beta, again);
                        assertClose(g, ejml(ta, tb, a, b), alpha, c0, beta, again, what(s, ta, tb, true) + " again");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void viewsAtAnOffsetUseTheirOwnElementsOnly(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(77);
        for (int[] s : new int[][] {{33, 65, 40}, {64, 700, 200}, {300, 70, 90}}) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                Tensor a = GemmTest.randomView(rnd, ta ? k : m, ta ? m : k);
                // the weight is a row view in the middle of a parameter whose other rows hold NaN
                Tensor whole = Parameter.of(
                                "w", Tensor.zeros((tb ? n : k) + 5, tb ? k : n).fill(Float.NaN))
                        .value();
                Tensor b = whole.rows(2, tb ? n : k).copyFrom(GemmTest.random(rnd, tb ? n : k, tb ? k : n));
                Tensor c = GemmTest.randomView(rnd, m, n);
                Tensor c0 = c.copy();
                g.gemm(ta, tb, 1f, a, b, 1f, c);
                assertClose(g, ejml(ta, tb, a, b), 1f, c0, 1f, c, what(s, ta, tb, true) + " views");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void columnBlocksOfWeightsAndActivations(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int[] s : new int[][] {{17, 33, 9}, {64, 700, 200}, {700, 64, 200}}) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                ColumnBlock a = GemmColumnBlockTest.block(rnd, ta ? k : m, ta ? m : k);
                // the weight block: columns of a parameter, as Linear uses for [s; ctx; emb] inputs
                ColumnBlock bAct = GemmColumnBlockTest.block(rnd, tb ? n : k, tb ? k : n);
                Parameter w = Parameter.of("w", bAct.matrix());
                ColumnBlock b = new ColumnBlock(w.value(), bAct.from(), bAct.count());
                ColumnBlock c = GemmColumnBlockTest.block(rnd, m, n);
                Tensor cBefore = c.matrix().copy();
                Tensor c0 = c.copy();
                g.gemm(ta, tb, 0.5f, a, b, 2f, c);
                assertClose(g, ejml(ta, tb, a.copy(), b.copy()), 0.5f, c0, 2f, c.copy(), what(s, ta, tb, true));
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < c.matrix().colCount(); j++) {
                        if (j < c.from() || j >= c.from() + n) {
                            assertEquals(
                                    Float.floatToRawIntBits(cBefore.get(i, j)),
                                    Float.floatToRawIntBits(c.matrix().get(i, j)),
                                    "column " + j + " outside C's block is untouched");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void biasIsAddedToEveryRowOfTheProduct(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int[] s : new int[][] {{37, 129, 65}, {1, 300, 17}, {64, 700, 200}, {700, 64, 200}}) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float alpha = t == 3 ? 0.75f : 1f;
                ColumnBlock a = GemmColumnBlockTest.block(rnd, ta ? k : m, ta ? m : k);
                ColumnBlock b = new ColumnBlock(
                        Parameter.of("w", GemmTest.random(rnd, tb ? n : k, (tb ? k : n) + 3))
                                .value(),
                        1,
                        tb ? k : n);
                // the bias: a row of a parameter whose other rows hold NaN
                Tensor biases =
                        Parameter.of("b", Tensor.zeros(3, n).fill(Float.NaN)).value();
                Tensor bias =
                        biases.rows(1, 1).copyFrom(GemmTest.random(rnd, 1, n)).reshape(n);
                ColumnBlock c = GemmColumnBlockTest.block(rnd, m, n);
                Tensor cBefore = c.matrix().copy();
                g.gemmBias(ta, tb, alpha, a, b, bias, c);
                Tensor broadcast = Tensor.zeros(m, n);
                for (int i = 0; i < m; i++) {
                    broadcast.rows(i, 1).copyFrom(bias.reshape(1, n));
                }
                String what = what(s, ta, tb, true) + " α=" + alpha + " with bias";
                assertClose(g, ejml(ta, tb, a.copy(), b.copy()), alpha, broadcast, 1f, c.copy(), what);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < c.matrix().colCount(); j++) {
                        if (j < c.from() || j >= c.from() + n) {
                            assertEquals(
                                    Float.floatToRawIntBits(cBefore.get(i, j)),
                                    Float.floatToRawIntBits(c.matrix().get(i, j)),
                                    what + ": column " + j + " outside C's block is untouched");
                        }
                    }
                }
                if (g.precision() == Precision.FP32) {
                    // float32: the bits of the product followed by adding the bias in float, on every backend
                    ColumnBlock d = ColumnBlock.of(Tensor.zeros(m, n));
                    g.gemm(ta, tb, alpha, a, b, 0f, d);
                    ElementWise.addRowVector(d.matrix(), bias);
                    Tensor fused = c.copy();
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(
                                Float.floatToRawIntBits(d.matrix().get(i)),
                                Float.floatToRawIntBits(fused.get(i)),
                                GemmConfigurations.label(g) + " " + what + ": element " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void aBiasOfTheWrongShapeIsRefused(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(3);
        ColumnBlock a = ColumnBlock.of(GemmTest.random(rnd, 4, 5));
        ColumnBlock b = ColumnBlock.of(GemmTest.random(rnd, 5, 6));
        ColumnBlock c = ColumnBlock.of(Tensor.zeros(4, 6));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> g.gemmBias(false, false, 1f, a, b, Tensor.zeros(5), c));
        assertEquals("Gemm: the bias is [5] but C has 6 columns", e.getMessage());
    }

    private static String what(int[] s, boolean ta, boolean tb, boolean weight) {
        return s[0] + "x" + s[2] + "x" + s[1] + " tA=" + ta + " tB=" + tb
                + (weight ? " (B weight)" : " (B activation)");
    }

    /** {@code op(A)·op(B)} by EJML, in float32. */
    static FMatrixRMaj ejml(boolean ta, boolean tb, Tensor a, Tensor b) {
        FMatrixRMaj ea = new FMatrixRMaj(a.rowCount(), a.colCount());
        a.copyTo(ea.data);
        FMatrixRMaj eb = new FMatrixRMaj(b.rowCount(), b.colCount());
        b.copyTo(eb.data);
        FMatrixRMaj out = new FMatrixRMaj(ta ? a.colCount() : a.rowCount(), tb ? b.rowCount() : b.colCount());
        if (ta && tb) {
            CommonOps_FDRM.multTransAB(ea, eb, out);
        } else if (ta) {
            CommonOps_FDRM.multTransA(ea, eb, out);
        } else if (tb) {
            CommonOps_FDRM.multTransB(ea, eb, out);
        } else {
            CommonOps_FDRM.mult(ea, eb, out);
        }
        return out;
    }

    /**
     * Asserts {@code ‖C − (α·AB + β·C0)‖_F ≤ tol·‖α·AB + β·C0‖_F} with the configuration's tolerance, and that no
     * element is NaN.
     */
    static void assertClose(Gemm g, FMatrixRMaj ab, float alpha, Tensor c0, float beta, Tensor c, String what) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < ab.data.length; i++) {
            double want = alpha * (double) ab.data[i] + (beta == 0f ? 0 : beta * (double) c0.get(i));
            double got = c.get(i);
            assertTrue(!Double.isNaN(got), GemmConfigurations.label(g) + " " + what + ": NaN at " + i);
            num += (got - want) * (got - want);
            den += want * want;
        }
        double err = Math.sqrt(num / Math.max(den, 1e-30));
        double tol = GemmConfigurations.tolerance(g.precision());
        assertTrue(err <= tol, GemmConfigurations.label(g) + " " + what + ": relative error " + err + " above " + tol);
    }
}
