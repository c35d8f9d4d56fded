package dev.tolk.core;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix products through OpenBLAS's {@code cblas_sgemm}, loaded from the {@code org.bytedeco:openblas} artifact
 * (the native library is extracted by JavaCPP to {@code ~/.javacpp/cache} on first use; nothing to install).
 *
 * <p>Zero copies: the tensors' direct buffers are handed to BLAS by address. Each calling thread reuses three
 * pointer objects whose address is set before the call, so a product allocates nothing on the Java heap.
 *
 * <p>Threads: OpenBLAS keeps one process-wide thread count, which {@link #setThreads(int)} sets for every
 * instance ({@link #load()} starts with the number of available processors). Its worker threads busy-wait for a
 * while after each product, which is what makes back-to-back small products fast, but on a machine shared with
 * other busy processes a multi-threaded product can slow down many times; use 1 thread there. Products may be
 * called from several Java threads at once (tested; each thread uses its own pointer objects).
 *
 * <p>Use {@link #load()} to create it: it fails with {@link UnsatisfiedLinkError} (or another {@link Error} from
 * the loader) when the native library is not available for this platform.
 */
public final class OpenBlasGemm implements Gemm {
  private static final Logger LOG = LoggerFactory.getLogger(OpenBlasGemm.class);
  private static final String VERSION = openblasVersion();

  /** Per calling thread: reusable pointers for A, B and C. */
  private static final ThreadLocal<Address[]> POINTERS =
      ThreadLocal.withInitial(() -> new Address[] {new Address(), new Address(), new Address()});

  private OpenBlasGemm(int threads) {
    setThreads(threads);
  }

  /**
   * Loads the native library and returns a backend using {@code threads} threads.
   *
   * @throws LinkageError when the native library does not load on this platform
   */
  public static OpenBlasGemm load(int threads) {
    if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
      // JavaCPP's loader would otherwise print warnings to standard error; library code logs through SLF4J.
      System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
    }
    String path = Loader.load(openblas_nolapack.class);
    LOG.debug("OpenBLAS loaded from {}", path);
    return new OpenBlasGemm(threads);
  }

  /** Loads the native library with as many threads as available processors; see {@link #load(int)}. */
  public static OpenBlasGemm load() {
    return load(Runtime.getRuntime().availableProcessors());
  }

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
    int[] mnk = Gemm.checkShapes(transA, transB, a, b, c);
    int m = mnk[0];
    int n = mnk[1];
    int k = mnk[2];
    if (m == 0 || n == 0) {
      return;
    }
    Address[] p = POINTERS.get();
    try {
      // Row-major: lda is the stored row length of A (k without transpose, m with), likewise for B.
      openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
          transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
          transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
          m, n, k, alpha,
          p[0].at(a), Math.max(1, a.colCount()),
          p[1].at(b), Math.max(1, b.colCount()),
          beta, p[2].at(c), Math.max(1, n));
    } finally {
      // The buffers must stay reachable (not freed by their cleaner) until BLAS has returned.
      Reference.reachabilityFence(a);
      Reference.reachabilityFence(b);
      Reference.reachabilityFence(c);
    }
  }

  @Override
  public String name() {
    return "openblas-" + VERSION;
  }

  /** OpenBLAS's process-wide thread count (shared by all instances). */
  @Override
  public int threads() {
    return openblas_nolapack.blas_get_num_threads();
  }

  /** Sets OpenBLAS's process-wide thread count (shared by all instances). */
  @Override
  public void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    openblas_nolapack.blas_set_num_threads(threads);
  }

  private static String openblasVersion() {
    String v = openblas_nolapack.OPENBLAS_VERSION.trim();
    return v.startsWith("OpenBLAS ") ? v.substring("OpenBLAS ".length()).trim() : v;
  }

  /** A float pointer whose address is set to a tensor's first element before each call. */
  private static final class Address extends FloatPointer {
    Address() {
      super();
    }

    Address at(Tensor t) {
      FloatBuffer buf = t.buffer();
      long base = t.nativeBaseAddress();
      if (base == 0L) {
        base = getDirectBufferAddress(buf);
        if (base == 0L) {
          throw new IllegalArgumentException("OpenBlasGemm: tensor storage is not a direct buffer");
        }
        t.cacheNativeBaseAddress(base);
      }
      this.address = base + (long) t.offset() * Float.BYTES;
      this.position = 0;
      return this;
    }
  }
}
