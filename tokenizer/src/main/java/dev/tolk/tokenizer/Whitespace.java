package dev.tolk.tokenizer;

/**
 * The one definition of whitespace and of invisible characters used everywhere in Tolk.
 *
 * <p><b>Whitespace</b> is exactly Unicode's {@code White_Space} property: U+0009..U+000D, U+0020, U+0085,
 * U+00A0 (no-break space), U+1680, U+2000..U+200A (including U+2009 thin space), U+2028, U+2029, U+202F (narrow
 * no-break space), U+205F and U+3000. Java's {@code \s} and {@link Character#isWhitespace(int)} miss U+00A0 and
 * U+202F, which French text uses before {@code ? ! : ;}.
 *
 * <p>U+001C..U+001F (file, group, record and unit separators) are <em>not</em> whitespace here: they are control
 * characters without the {@code White_Space} property. Java's {@link Character#isWhitespace(int)} and Python's
 * {@code str.split()} count them as whitespace for historical reasons; Tolk follows Unicode (the data module used
 * to follow Java, which made a pair whose side is only U+001C "empty" for the corpus reader but not for the
 * tokenizer). The one deliberate exception is the evaluation module, which must split exactly as sacreBLEU's
 * Python does ({@code dev.tolk.eval.PythonText}).
 *
 * <p><b>Invisible</b> characters are U+00AD (soft hyphen: a hyphenation hint), U+200B (zero-width space),
 * U+2060 (word joiner) and U+FEFF (zero-width no-break space / byte-order mark). They are <em>not</em>
 * whitespace: tokenizers keep them inside the token they occur in (so "co\u00ADop" stays one word and offsets
 * stay exact) and {@link Normalizer} removes them by default. U+200C/U+200D (zero-width non-joiner / joiner) are
 * not invisible in this sense: they change how Persian, Indic scripts and emoji render, so they are kept.
 */
public final class Whitespace {
    private Whitespace() {}

    /** Whether {@code cp} has Unicode's {@code White_Space} property. */
    public static boolean isWhitespace(int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
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

    /** Whether {@code cp} is one of the invisible characters U+00AD, U+200B, U+2060, U+FEFF. */
    public static boolean isInvisible(int cp) {
        return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
    }

    /** Whether {@code s} is empty or consists of whitespace only. */
    public static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
