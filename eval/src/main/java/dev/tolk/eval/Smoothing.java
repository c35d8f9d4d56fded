package dev.tolk.eval;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * BLEU smoothing methods, as sacreBLEU (Chen and Cherry 2014, "A Systematic Comparison of Smoothing
 * Techniques for Sentence-Level BLEU"). For an order n with no matches:
 * <ul>
 *   <li>{@link #EXP} (method 3, NIST, mteval-v13a.pl): precision {@code 100 / (2^j * total[n])} for the j-th
 *       order without matches;</li>
 *   <li>{@link #FLOOR} (method 1): {@code 100 * value / total[n]} (default value 0.1);</li>
 *   <li>{@link #ADD_K} (method 2): {@code value} (default 1) is added to the match count and the total of
 *       every order n ≥ 2, whether or not it has matches;</li>
 *   <li>{@link #NONE}: precision 0, so the score is 0.</li>
 * </ul>
 */
public enum Smoothing {
    /** Exponential decay, the default. */
    EXP("exp", Double.NaN),
    /** A constant floor for zero counts. */
    FLOOR("floor", 0.1),
    /** Add k to counts and totals of orders 2 and above. */
    ADD_K("add-k", 1.0),
    /** No smoothing. */
    NONE("none", Double.NaN);

    private final String id;
    private final double defaultValue;

    Smoothing(String id, double defaultValue) {
        this.id = id;
        this.defaultValue = defaultValue;
    }

    /** The sacreBLEU name. */
    public String id() {
        return id;
    }

    /** Whether the method takes a value ({@code floor}, {@code add-k}). */
    public boolean takesValue() {
        return !Double.isNaN(defaultValue);
    }

    /** sacreBLEU's default value (0.1 for floor, 1 for add-k); NaN for methods without a value. */
    public double defaultValue() {
        return defaultValue;
    }

    /** The method named {@code id} ({@code exp}, {@code floor}, {@code add-k}, {@code none}). */
    public static Smoothing fromId(String id) {
        for (Smoothing s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown BLEU smoothing '" + id + "': choose one of " + ids());
    }

    /** The valid names, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(Smoothing::id).collect(Collectors.joining(", "));
    }
}
