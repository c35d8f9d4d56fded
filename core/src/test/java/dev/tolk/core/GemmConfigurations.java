package dev.tolk.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Every (backend, precision) configuration this machine runs, for contract tests: the pure-Java backend and OpenBLAS
 * in float32, oneDNN in every precision it supports here. Each test that takes a configuration runs against all.
 */
final class GemmConfigurations {
    private GemmConfigurations() {}

    /** The native libraries ship for Linux x86-64 (always) and for the build machine's platform. */
    static boolean nativeShipped() {
        return GemmTest.openBlasShipped();
    }

    /** A new backend of every configuration, each on {@code threads} threads. */
    static List<Gemm> all(int threads) {
        List<Gemm> list = new ArrayList<>();
        list.add(new JavaGemm(threads));
        list.addAll(nativeOnly(threads));
        return list;
    }

    /** The native configurations only (OpenBLAS float32, oneDNN in each precision), on {@code threads} threads. */
    static List<Gemm> nativeOnly(int threads) {
        List<Gemm> list = new ArrayList<>();
        if (nativeShipped()) {
            list.add(OpenBlasGemm.load(threads));
            OneDnnGemm probe = OneDnnGemm.load(threads);
            for (Precision p : Precision.values()) {
                if (probe.supports(p)) {
                    list.add(OneDnnGemm.load(threads, p));
                }
            }
        }
        return list;
    }

    /** A new backend like {@code g} (same kind and precision) on {@code threads} threads. */
    static Gemm like(Gemm g, int threads) {
        if (g instanceof JavaGemm) {
            return new JavaGemm(threads);
        }
        if (g instanceof OpenBlasGemm) {
            return OpenBlasGemm.load(threads);
        }
        return OneDnnGemm.load(threads, g.precision());
    }

    /**
     * The relative Frobenius error {@code ‖C − C_ref‖ / ‖C_ref‖} a product at {@code p} stays within, for operands
     * of magnitude ≤ 1 (measured: fp32 4e-7, bf16 2e-3, int8 6e-3 at k = 512).
     */
    static double tolerance(Precision p) {
        return switch (p) {
            case FP32 -> 2e-6;
            case BF16 -> 4e-3;
            case INT8 -> 1.5e-2;
        };
    }

    /** A label for test names, e.g. {@code onednn-3.11.0/bf16/2}. */
    static String label(Gemm g) {
        return g.name() + "/" + g.precision() + "/" + g.threads();
    }
}
