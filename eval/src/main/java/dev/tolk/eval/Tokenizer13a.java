package dev.tolk.eval;

/**
 * sacreBLEU's default {@code 13a} tokenizer, equivalent to mteval-v13a.pl as used by WMT.
 *
 * <p>Steps, in order: remove {@code <skipped>}; remove {@code "-\n"}; {@code "\n"} becomes a space; if the line
 * contains {@code &}, unescape {@code &quot;}, {@code &amp;}, {@code &lt;}, {@code &gt;} (in that order); pad
 * with one space on each side; then four regular-expression passes, each a left-to-right non-overlapping
 * replacement as Python's {@code re.sub}:
 * <ol>
 *   <li><code>([\&#123;-\~\[-\` -\&amp;\(-\+\:-\@\/])</code> → {@code " \1 "} (ASCII punctuation except {@code ' - . ,},
 *       and the space);</li>
 *   <li>{@code ([^0-9])([\.,])} → {@code "\1 \2 "} (period/comma not preceded by a digit);</li>
 *   <li>{@code ([\.,])([^0-9])} → {@code " \1 \2"} (period/comma not followed by a digit);</li>
 *   <li>{@code ([0-9])(-)} → {@code "\1 \2 "} (dash preceded by a digit);</li>
 * </ol>
 * and finally Python's {@code ' '.join(line.split())}. The passes are hand-written scans (no regex engine)
 * equivalent to those expressions; the test suite checks them against the regular expressions.
 */
public final class Tokenizer13a implements BleuTokenizer {
    /** The shared instance. */
    public static final Tokenizer13a INSTANCE = new Tokenizer13a();

    private Tokenizer13a() {}

    @Override
    public String tokenize(String line) {
        return String.join(" ", tokens(line));
    }

    @Override
    public String[] tokens(String line) {
        Buffer b = passes(line);
        return split(b.chars, b.length);
    }

    @Override
    public String signature() {
        return "13a";
    }

    /** Whether {@code c} is in pass 1's class {@code [\{-\~\[-\` -\&\(-\+\:-\@\/]}. */
    static boolean isSplitPunctuation(char c) {
        return (c >= '{' && c <= '~')
                || (c >= '[' && c <= '`')
                || (c >= ' ' && c <= '&')
                || (c >= '(' && c <= '+')
                || (c >= ':' && c <= '@')
                || c == '/';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPeriodOrComma(char c) {
        return c == '.' || c == ',';
    }

    /** Characters {@code chars[0..length)}. */
    private static final class Buffer {
        char[] chars;
        int length;
        char[] spare;

        Buffer(int capacity) {
            chars = new char[capacity];
        }

        /** A spare array of at least {@code capacity}, to write the next pass into. */
        char[] spare(int capacity) {
            if (spare == null || spare.length < capacity) {
                spare = new char[capacity];
            }
            return spare;
        }

        void swap(char[] next, int nextLength) {
            spare = chars;
            chars = next;
            length = nextLength;
        }
    }

    /** Unescaping, padding and the four passes; whitespace not yet collapsed. */
    private static Buffer passes(String line) {
        String s = line;
        if (s.indexOf('<') >= 0) {
            s = s.replace("<skipped>", "");
        }
        if (s.indexOf('\n') >= 0) {
            s = s.replace("-\n", "").replace("\n", " ");
        }
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"")
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">");
        }
        int n = s.length();
        Buffer b = new Buffer(3 * n + 2);
        char[] a = b.chars;
        int k = 0;
        boolean periodOrComma = false;
        boolean dash = false;
        a[k++] = ' ';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isSplitPunctuation(c)) {
                a[k++] = ' ';
                a[k++] = c;
                a[k++] = ' ';
            } else {
                a[k++] = c;
                periodOrComma |= c == '.' || c == ',';
                dash |= c == '-';
            }
        }
        a[k++] = ' ';
        b.length = k;
        if (periodOrComma) {
            passPeriodCommaAfterNonDigit(b);
            passPeriodCommaBeforeNonDigit(b);
        }
        if (dash) {
            passDashAfterDigit(b);
        }
        return b;
    }

    /**
     * Pass 2, {@code ([^0-9])([\.,])} → {@code "\1 \2 "}. Scanning UTF-16 units is equivalent to scanning code
     * points here: a surrogate is never a digit, period or comma.
     */
    private static void passPeriodCommaAfterNonDigit(Buffer b) {
        char[] a = b.chars;
        int n = b.length;
        char[] o = b.spare(2 * n);
        int k = 0;
        int i = 0;
        while (i < n) {
            if (i + 1 < n && !isDigit(a[i]) && isPeriodOrComma(a[i + 1])) {
                o[k++] = a[i];
                o[k++] = ' ';
                o[k++] = a[i + 1];
                o[k++] = ' ';
                i += 2;
            } else {
                o[k++] = a[i++];
            }
        }
        b.swap(o, k);
    }

    /** Pass 3, {@code ([\.,])([^0-9])} → {@code " \1 \2"}; a matched surrogate pair is copied unchanged. */
    private static void passPeriodCommaBeforeNonDigit(Buffer b) {
        char[] a = b.chars;
        int n = b.length;
        char[] o = b.spare(2 * n);
        int k = 0;
        int i = 0;
        while (i < n) {
            if (i + 1 < n && isPeriodOrComma(a[i]) && !isDigit(a[i + 1])) {
                o[k++] = ' ';
                o[k++] = a[i];
                o[k++] = ' ';
                o[k++] = a[i + 1];
                i += 2;
            } else {
                o[k++] = a[i++];
            }
        }
        b.swap(o, k);
    }

    /** Pass 4, {@code ([0-9])(-)} → {@code "\1 \2 "}. */
    private static void passDashAfterDigit(Buffer b) {
        char[] a = b.chars;
        int n = b.length;
        char[] o = b.spare(2 * n);
        int k = 0;
        int i = 0;
        while (i < n) {
            if (i + 1 < n && isDigit(a[i]) && a[i + 1] == '-') {
                o[k++] = a[i];
                o[k++] = ' ';
                o[k++] = '-';
                o[k++] = ' ';
                i += 2;
            } else {
                o[k++] = a[i++];
            }
        }
        b.swap(o, k);
    }

    /** Python's {@code split()} of {@code a[0..n)}. */
    private static String[] split(char[] a, int n) {
        int count = 0;
        boolean in = false;
        for (int i = 0; i < n; i++) {
            boolean ws = PythonText.isWhitespace(a[i]);
            if (!ws && !in) {
                count++;
            }
            in = !ws;
        }
        String[] out = new String[count];
        int t = 0;
        int i = 0;
        while (i < n) {
            while (i < n && PythonText.isWhitespace(a[i])) {
                i++;
            }
            int start = i;
            while (i < n && !PythonText.isWhitespace(a[i])) {
                i++;
            }
            if (i > start) {
                out[t++] = new String(a, start, i - start);
            }
        }
        return out;
    }
}
