package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Native products cut into output blocks give the same bits on one, two, three and four threads, and on every run,
 * for every native configuration (OpenBLAS float32; oneDNN float32, bf16 and int8 with the right operand a weight or
 * an activation), whichever kernels OpenBLAS picks for the CPU: the build runs this class under
 * {@code OPENBLAS_CORETYPE} unset, {@code Haswell} and {@code SkylakeX} (see the parent POM's {@code determinism-*}
 * Surefire executions). The blocks are also checked against EJML, so a wrong block offset cannot hide behind equal
 * bits.
 */
class GemmSplitTest {

    @Tag("determinism")
    @ParameterizedTest
    @CsvSource({
        // m, n, k: wide C (column blocks), tall C (row blocks), ragged edges, output-layer shapes
        "64, 1536, 512",
        "64, 1000, 333",
        "896, 130, 257",
        "1500, 200, 100",
        "64, 1792, 1500",
        "200, 777, 300",
    })
    void productGivesTheSameBitsOnAnyThreadCount(int m, int n, int k) {
        assumeTrue(GemmTest.openBlasShipped());
        assertTrue(OutputBlocks.partsFor(m, n, k) > 1, "the shape is cut into blocks");
        for (Gemm config : GemmConfigurations.nativeOnly(1)) {
            Gemm[] backends = new Gemm[4];
            for (int t = 0; t < backends.length; t++) {
                backends[t] = GemmConfigurations.like(config, t + 1);
            }
            SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
            for (int ta = 0; ta < 2; ta++) {
                for (int tb = 0; tb < 2; tb++) {
                    for (boolean weight : new boolean[] {true, false}) {
                        boolean transA = ta == 1;
                        boolean transB = tb == 1;
                        Tensor a = transA ? GemmTest.randomView(rnd, k, m) : GemmTest.randomView(rnd, m, k);
                        Tensor b = transB ? GemmTest.randomView(rnd, n, k) : GemmTest.randomView(rnd, k, n);
                        if (weight) {
                            b = Parameter.of("w", b.copy()).value();
                        }
                        Tensor c0 = GemmTest.randomView(rnd, m, n);
                        String what = GemmConfigurations.label(config) + " tA=" + transA + " tB=" + transB
                                + (weight ? " (B weight)" : "");
                        Tensor[] c = new Tensor[backends.length + 1];
                        for (int t = 0; t < backends.length; t++) {
                            c[t] = c0.copy();
                            backends[t].gemm(transA, transB, 0.75f, a, b, 0.5f, c[t]);
                        }
                        // once more on one thread: the same bits on every run
                        c[backends.length] = c0.copy();
                        backends[0].gemm(transA, transB, 0.75f, a, b, 0.5f, c[backends.length]);
                        for (int t = 1; t < c.length; t++) {
                            for (int i = 0; i < c[0].size(); i++) {
                                assertEquals(
                                        Float.floatToRawIntBits(c[0].get(i)),
                                        Float.floatToRawIntBits(c[t].get(i)),
                                        what + " at " + i + ": 1 thread vs "
                                                + (t < backends.length ? (t + 1) + " threads" : "a second run"));
                            }
                        }
                        if ((long) m * n * k <= 200_000_000L) {
                            GemmContractTest.assertClose(
                                    config, GemmContractTest.ejml(transA, transB, a, b), 0.75f, c0, 0.5f, c[0], what);
                        }
                    }
                }
            }
        }
    }

    /** The determinism executions really run under the kernel setting they name. */
    @Tag("determinism")
    @Test
    void theEnvironmentIsTheOneTheExecutionNames() {
        String expected = System.getProperty("tolk.test.coretype");
        assumeTrue(expected != null, "only in the determinism-coretype-* executions");
        String actual = System.getenv("OPENBLAS_CORETYPE");
        assertEquals(expected, actual == null ? "unset" : actual);
    }

    @Test
    void theCutDependsOnTheShapeOnly() {
        assertEquals(1, OutputBlocks.partsFor(64, 256, 128), "below the threshold");
        assertEquals(2, OutputBlocks.partsFor(64, 768, 256), "25 MFLOP: two blocks");
        assertEquals(4, OutputBlocks.partsFor(64, 1536, 512), "100 MFLOP: four blocks");
        assertEquals(4, OutputBlocks.partsFor(1024, 8000, 512));
        assertEquals(1, OutputBlocks.partsFor(60, 60, 100_000), "one 64-wide block cannot be cut");
    }
}
