package dev.tolk.core;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the process-wide {@link Gemm} backend once, at first use, and logs the choice. */
final class GemmBackend {
  private static final Logger LOG = LoggerFactory.getLogger(GemmBackend.class);

  private GemmBackend() {}

  /** Lazily chosen default backend. */
  static final Supplier<Gemm> DEFAULT = new Supplier<>() {
    private volatile Gemm chosen;

    @Override
    public Gemm get() {
      Gemm g = chosen;
      if (g == null) {
        synchronized (this) {
          g = chosen;
          if (g == null) {
            g = choose();
            chosen = g;
          }
        }
      }
      return g;
    }
  };

  private static Gemm choose() {
    Gemm g = new JavaGemm();
    LOG.info("matrix products: {} backend, {} thread(s)", g.name(), g.threads());
    return g;
  }
}
