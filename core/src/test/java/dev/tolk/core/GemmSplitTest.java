package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenBLAS products split into output blocks over several Java threads must equal the single-threaded product
 * bit for bit (every shape here is above the splitting threshold; both splitting directions, all transposes,
 * accumulation into C with β ≠ 0, views with offsets).
 */
class GemmSplitTest {

  @ParameterizedTest
  @CsvSource({
      // m, n, k: wide C (column blocks), tall C (row blocks), ragged edges, output-layer shapes
      "64, 1536, 512",
      "64, 1000, 333",
      "896, 130, 257",
      "1500, 200, 100",
      "64, 1792, 6000",
      "200, 777, 300",
  })
  void splitProductIsBitIdenticalToTheUnsplitOne(int m, int n, int k) {
    assumeTrue(GemmTest.openBlasShipped());
    OpenBlasGemm one = OpenBlasGemm.load(1);
    OpenBlasGemm two = OpenBlasGemm.load(2);
    OpenBlasGemm three = OpenBlasGemm.load(3);
    SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
    for (int ta = 0; ta < 2; ta++) {
      for (int tb = 0; tb < 2; tb++) {
        boolean transA = ta == 1;
        boolean transB = tb == 1;
        Tensor a = transA ? GemmTest.randomView(rnd, k, m) : GemmTest.randomView(rnd, m, k);
        Tensor b = transB ? GemmTest.randomView(rnd, n, k) : GemmTest.randomView(rnd, k, n);
        Tensor c0 = GemmTest.randomView(rnd, m, n);
        Tensor c1 = c0.copy();
        Tensor c2 = c0.copy();
        Tensor c3 = c0.copy();
        assumeTrue(2L * m * n * k >= OpenBlasGemm.PARALLEL_MIN_FLOP);
        one.gemm(transA, transB, 0.75f, a, b, 0.5f, c1);
        two.gemm(transA, transB, 0.75f, a, b, 0.5f, c2);
        three.gemm(transA, transB, 0.75f, a, b, 0.5f, c3);
        for (int i = 0; i < c1.size(); i++) {
          String where = "tA=" + transA + " tB=" + transB + " at " + i;
          assertEquals(Float.floatToRawIntBits(c1.get(i)), Float.floatToRawIntBits(c2.get(i)), where + " (2)");
          assertEquals(Float.floatToRawIntBits(c1.get(i)), Float.floatToRawIntBits(c3.get(i)), where + " (3)");
        }
      }
    }
  }
}
