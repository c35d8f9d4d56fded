package dev.tolk.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Python {@code str} operations sacreBLEU's results depend on, re-implemented with Python's semantics.
 *
 * <p>Python's {@code str.split()} with no argument and {@code str.rstrip()} use Python's Unicode whitespace set
 * ({@code Py_UNICODE_ISSPACE}): U+0009–U+000D, U+001C–U+001F, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000. Java's {@code \s}, {@link String#strip()} and
 * {@link Character#isWhitespace(int)} differ (they miss U+00A0, U+2007, U+202F and treat U+001C–U+001F
 * differently), which changes BLEU on French text with non-breaking spaces.
 */
public final class PythonText {
    private PythonText() {}

    /** Whether code point {@code cp} is whitespace for Python's {@code str.split()} and {@code str.strip()}. */
    public static boolean isWhitespace(int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85
                || cp == 0xA0
                || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028
                || cp == 0x2029
                || cp == 0x202F
                || cp == 0x205F
                || cp == 0x3000;
    }

    /** Python's {@code s.split()}: the maximal runs of non-whitespace, in order; empty for blank input. */
    public static String[] split(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isWhitespace(s.charAt(i))) {
                i++; // whitespace code points are all in the BMP
            }
            int start = i;
            while (i < n && !isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    /** Python's {@code s.rstrip()}: {@code s} without trailing whitespace. */
    public static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /** Python's {@code ' '.join(s.split())}: whitespace runs collapsed to one space, none at either end. */
    public static String collapseWhitespace(String s) {
        return String.join(" ", split(s));
    }

    /** Python's {@code ''.join(s.split())}: {@code s} with every whitespace code point removed. */
    public static String removeWhitespace(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isWhitespace(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Python's {@code s.lower()}: full Unicode lowercase mapping, independent of the default locale (so
     * {@code "I"} becomes {@code "i"} also on Turkish systems). Final sigma is handled as in Python.
     */
    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The Unicode code points of {@code s} (Python indexes strings by code point, not UTF-16 unit). */
    public static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }
}
