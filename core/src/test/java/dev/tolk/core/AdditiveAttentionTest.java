package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient checks (with a source mask, over two decoder steps) and semantics of {@link AdditiveAttention}. */
class AdditiveAttentionTest {
  private static final int S = 4;
  private static final int B = 3;
  private static final int Q = 5;
  private static final int K = 6;
  private static final int A = 7;

  @Test
  void gradientsWithMaskOverTwoSteps() {
    AdditiveAttention att = new AdditiveAttention("att", Q, K, A, 3);
    Tensor memory = GradientChecker.random(1, S, B, K);
    int[] lengths = {4, 2, 1};
    Tensor s1 = GradientChecker.random(2, B, Q);
    Tensor s2 = GradientChecker.random(3, B, Q);
    Tensor c1 = Tensor.zeros(B, K);
    Tensor c2 = Tensor.zeros(B, K);
    Tensor w1 = GradientChecker.random(4, B, K);
    Tensor w2 = GradientChecker.random(5, B, K);
    Tensor ds1 = Tensor.zeros(B, Q);
    Tensor ds2 = Tensor.zeros(B, Q);
    Tensor dMem = Tensor.zeros(S, B, K);
    AdditiveAttention.Cache k1 = att.newCache();
    AdditiveAttention.Cache k2 = att.newCache();
    List<GradientChecker.Target> t = new ArrayList<>(GradientChecker.targets(att.parameters()));
    t.add(new GradientChecker.Target("memory", memory, dMem));
    t.add(new GradientChecker.Target("s1", s1, ds1));
    t.add(new GradientChecker.Target("s2", s2, ds2));
    GradientChecker.standard().check(() -> {
      att.setMemory(memory, lengths);
      att.forward(s1, c1, null);
      double l = GradientChecker.projection(c1, w1);
      att.forward(s2, c2, null);
      return l + GradientChecker.projection(c2, w2);
    }, () -> {
      att.setMemory(memory, lengths);
      att.forward(s1, c1, k1);
      att.forward(s2, c2, k2);
      att.backward(k2, w2, ds2);
      att.backward(k1, w1, ds1);
      dMem.copyFrom(att.backwardMemory());
    }, t).assertPassed();
  }

  @Test
  void weightsAreASoftmaxOverUnmaskedPositions() {
    AdditiveAttention att = new AdditiveAttention("att", Q, K, A, 3);
    Tensor memory = GradientChecker.random(1, S, B, K);
    att.setMemory(memory, new int[] {4, 2, 0});
    Tensor c = Tensor.zeros(B, K);
    att.forward(GradientChecker.random(2, B, Q), c, null);
    Tensor a = att.lastWeights();
    assertEquals(1.0, a.get(0, 0) + a.get(0, 1) + a.get(0, 2) + a.get(0, 3), 1e-6);
    assertEquals(1.0, a.get(1, 0) + a.get(1, 1), 1e-6);
    assertEquals(0f, a.get(1, 2));
    assertEquals(0f, a.get(1, 3));
    assertArrayEquals(new float[K], c.row(2).toArray(), 0f, "empty source gives a zero context");
    for (int k = 0; k < K; k++) {
      assertEquals(a.get(1, 0) * memory.get(1 * K + k) + a.get(1, 1) * memory.get((B + 1) * K + k), c.get(1, k),
          1e-6);
    }
  }

  @Test
  void lifecycleIsEnforced() {
    AdditiveAttention att = new AdditiveAttention("att", Q, K, A, 3);
    assertThrows(IllegalStateException.class, () -> att.forward(Tensor.zeros(B, Q), Tensor.zeros(B, K), null));
    att.setMemory(Tensor.zeros(S, B, K), null);
    AdditiveAttention.Cache c = att.newCache();
    assertThrows(IllegalStateException.class, () -> att.backward(c, Tensor.zeros(B, K), Tensor.zeros(B, Q)));
    att.forward(Tensor.zeros(B, Q), Tensor.zeros(B, K), c);
    assertThrows(IllegalStateException.class, att::backwardMemory);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> att.forward(Tensor.zeros(2, Q), Tensor.zeros(B, K), null));
    assertEquals("AdditiveAttention.forward: s is [2, 5] but expected [3, 5]", e.getMessage());
  }
}
