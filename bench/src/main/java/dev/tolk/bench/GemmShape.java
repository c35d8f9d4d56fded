package dev.tolk.bench;

import java.util.List;
import java.util.Locale;

/**
 * A matrix product {@code [m, k]·[k, n]} to measure.
 *
 * @param m rows of the result
 * @param k the inner dimension
 * @param n columns of the result
 */
public record GemmShape(int m, int k, int n) {

    /** The shapes of {@code ../shared/BENCHMARKS.md}. */
    public static final List<GemmShape> STANDARD =
            List.of(new GemmShape(64, 256, 768), new GemmShape(64, 512, 1536), new GemmShape(1024, 512, 8000));

    /** Validates. */
    public GemmShape {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("every dimension must be >= 1, got " + m + "x" + k + "x" + n);
        }
    }

    /**
     * @param spec {@code MxKxN}, e.g. {@code 64x512x1536}
     * @throws IllegalArgumentException with the expected form when {@code spec} is not three positive integers
     */
    public static GemmShape parse(String spec) {
        String[] parts = spec.toLowerCase(Locale.ROOT).split("x");
        int[] s = new int[3];
        boolean ok = parts.length == 3;
        for (int d = 0; ok && d < 3; d++) {
            try {
                s[d] = Integer.parseInt(parts[d].trim());
                ok = s[d] >= 1;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    "a shape is MxKxN with positive integers (e.g. 64x512x1536), got '" + spec + "'");
        }
        return new GemmShape(s[0], s[1], s[2]);
    }

    /** @return e.g. {@code 64x512*512x1536} */
    public String label() {
        return m + "x" + k + "*" + k + "x" + n;
    }
}
