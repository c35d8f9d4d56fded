package dev.tolk.core;

import java.util.SplittableRandom;

/**
 * Run in a child JVM by {@link OneDnnGemmTest} with oneDNN restricted to an older instruction set
 * ({@code ONEDNN_MAX_CPU_ISA}, read when the library loads): prints, per precision, whether it is supported, the
 * implementation, the relative error of a product, and the message of a refused {@code setPrecision}.
 */
public final class OneDnnIsaProbe {
    private OneDnnIsaProbe() {}

    public static void main(String[] args) {
        OneDnnGemm g = OneDnnGemm.load(2);
        SplittableRandom rnd = new SplittableRandom(1);
        for (Precision p : Precision.values()) {
            if (!g.supports(p)) {
                try {
                    g.setPrecision(p);
                    System.out.println(p + " refused=no");
                } catch (IllegalArgumentException e) {
                    System.out.println(p + " refused=" + e.getMessage());
                }
                continue;
            }
            g.setPrecision(p);
            Tensor a = GemmTest.random(rnd, 64, 300);
            Tensor w = Parameter.of("w", GemmTest.random(rnd, 500, 300)).value();
            Tensor c = Tensor.zeros(64, 500);
            g.gemm(false, true, 1f, a, w, 0f, c);
            double[] ref = GemmTest.reference(false, true, a, w, 64, 500, 300);
            double num = 0;
            double den = 0;
            for (int i = 0; i < ref.length; i++) {
                num += (c.get(i) - ref[i]) * (c.get(i) - ref[i]);
                den += ref[i] * ref[i];
            }
            System.out.println(p + " supported impl=" + g.implementation(p) + " error=" + Math.sqrt(num / den));
        }
    }
}
