package dev.tolk.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's fixed-point formatting {@code f"{x:.Nf}"}: the exact binary value of {@code x} rounded half-to-even.
 * {@link String#format} rounds half-up on a decimal approximation, which differs on ties such as 0.125.
 */
final class PythonFloatFormat {
    private PythonFloatFormat() {}

    /** {@code x} with {@code decimals} digits after the point, as Python's {@code format(x, ".{decimals}f")}. */
    static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (x < 0 || (x == 0 && 1 / x < 0)) {
            // BigDecimal drops the sign of values that round to zero; Python keeps it ("-0.00")
            return s.startsWith("-") ? s : "-" + s;
        }
        return s;
    }
}
