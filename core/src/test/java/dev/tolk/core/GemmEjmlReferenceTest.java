package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Gemm} backend against an outside implementation: EJML's {@code CommonOps_FDRM} products
 * ({@code mult}, {@code multTransA}, {@code multTransB}, {@code multTransAB}) on the same float32 inputs, at
 * the shapes the models use (batch 64, widths 256/512/768/1536) and odd ones.
 */
class GemmEjmlReferenceTest {

    static java.util.stream.Stream<Gemm> backends() {
        return GemmTest.backends();
    }

    private static FMatrixRMaj toEjml(Tensor t) {
        FMatrixRMaj m = new FMatrixRMaj(t.rowCount(), t.colCount());
        t.copyTo(m.data);
        return m;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void agreesWithEjmlOnModelShapes(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(2024);
        int[][] shapes = {{64, 768, 256}, {64, 1536, 512}, {37, 129, 65}, {1, 300, 17}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                Tensor a = GemmTest.random(rnd, ta ? k : m, ta ? m : k);
                Tensor b = GemmTest.random(rnd, tb ? n : k, tb ? k : n);
                Tensor c = Tensor.zeros(m, n);
                g.gemm(ta, tb, 1f, a, b, 0f, c);

                FMatrixRMaj expected = new FMatrixRMaj(m, n);
                FMatrixRMaj ea = toEjml(a);
                FMatrixRMaj eb = toEjml(b);
                if (ta && tb) {
                    CommonOps_FDRM.multTransAB(ea, eb, expected);
                } else if (ta) {
                    CommonOps_FDRM.multTransA(ea, eb, expected);
                } else if (tb) {
                    CommonOps_FDRM.multTransB(ea, eb, expected);
                } else {
                    CommonOps_FDRM.mult(ea, eb, expected);
                }
                // Both sides accumulate k float32 products of magnitude <= 1 in different orders.
                double tol = 2e-6 * Math.sqrt(k) * 8;
                for (int i = 0; i < m * n; i++) {
                    assertEquals(
                            expected.data[i],
                            c.get(i),
                            tol,
                            g.name() + " tA=" + ta + " tB=" + tb + " " + m + "x" + k + "x" + n + " at " + i);
                }
            }
        }
    }
}
