package dev.tolk.core;

import java.nio.FloatBuffer;

/**
 * Pure-Java matrix product: the fallback when no native BLAS loads, and the reference in tests. Straightforward
 * i-k-j loops (row-major friendly); the performance work lives in the native backend.
 */
public final class JavaGemm implements Gemm {
  private int threads = 1;

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
    int[] mnk = Gemm.checkShapes(transA, transB, a, b, c);
    int m = mnk[0];
    int n = mnk[1];
    int k = mnk[2];
    FloatBuffer ab = a.buffer();
    FloatBuffer bb = b.buffer();
    FloatBuffer cb = c.buffer();
    int ao = a.offset();
    int bo = b.offset();
    int co = c.offset();
    int lda = a.colCount();
    int ldb = b.colCount();
    float[] row = new float[n];
    for (int i = 0; i < m; i++) {
      java.util.Arrays.fill(row, 0f);
      for (int p = 0; p < k; p++) {
        float av = transA ? ab.get(ao + p * lda + i) : ab.get(ao + i * lda + p);
        if (av == 0f) {
          continue;
        }
        if (transB) {
          for (int j = 0; j < n; j++) {
            row[j] += av * bb.get(bo + j * ldb + p);
          }
        } else {
          int base = bo + p * ldb;
          for (int j = 0; j < n; j++) {
            row[j] += av * bb.get(base + j);
          }
        }
      }
      int cbase = co + i * n;
      for (int j = 0; j < n; j++) {
        float prev = beta == 0f ? 0f : beta * cb.get(cbase + j);
        cb.put(cbase + j, alpha * row[j] + prev);
      }
    }
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
  }
}
