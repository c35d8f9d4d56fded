package dev.tolk.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The number format of a matrix product's operands ({@link Gemm#setPrecision(Precision)}). Outputs and accumulation
 * are always float32, and so is everything outside the products (tensors, gradients, optimiser state).
 *
 * <ul>
 *   <li>{@link #FP32}: float32 operands; every backend. Relative Frobenius error of a product against float64 about
 *       1e-6.
 *   <li>{@link #BF16}: bfloat16 operands (8-bit mantissa), float32 accumulation and output: about twice the float32
 *       rate on CPUs with {@code avx512_bf16}. Weights are converted once per update, activations per product. For
 *       training (forward and backward products) and inference. Error about 3e-3.
 *   <li>{@link #INT8}: for inference. Products whose right operand {@code B} is a weight take int8 operands with
 *       int32 accumulation and float32 output: the weight is quantised once (symmetric, one scale per output column
 *       of {@code op(B)}, i.e. per output channel), the activation {@code A} dynamically per call (symmetric, one
 *       scale for the whole operand, as Marian does); about four times the float32 rate. Needs a CPU with VNNI
 *       ({@code avx512_vnni} or {@code avx_vnni}). Products of two activations stay float32. Error about 1e-2.
 * </ul>
 *
 * <p>Only the oneDNN backend ({@link OneDnnGemm}) computes bf16 and int8; see {@link Gemm#supports(Precision)}.
 */
public enum Precision {
    /** float32 operands. */
    FP32("fp32"),
    /** bfloat16 operands, float32 accumulation and output. */
    BF16("bf16"),
    /** int8 operands for products with a weight (per-output-channel weight scales, per-tensor activation scale). */
    INT8("int8");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    /** The lower-case name used in configurations and on the command line: {@code fp32}, {@code bf16}, {@code int8}. */
    public String id() {
        return id;
    }

    /**
     * The precision named {@code text} ({@code fp32}, {@code bf16} or {@code int8}; case and surrounding blanks
     * ignored).
     *
     * @throws IllegalArgumentException naming the valid choices for anything else
     */
    public static Precision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (p.id.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "': valid precisions are " + validIds());
    }

    /** The valid names, e.g. {@code fp32, bf16, int8}. */
    public static String validIds() {
        return Arrays.stream(values()).map(Precision::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
