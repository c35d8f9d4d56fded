package dev.tolk.data;

/**
 * White space as Unicode defines it (the {@code White_Space} property), unlike Java's {@code \s} and
 * {@link Character#isWhitespace(int)}, which miss the no-break spaces U+00A0, U+2007 and U+202F that French
 * text uses before {@code ? ! : ;}. Zero-width characters (U+200B, U+FEFF) are not white space.
 */
public final class UnicodeWhitespace {
    private UnicodeWhitespace() {}

    /** Whether the code point has the Unicode {@code White_Space} property. */
    public static boolean isWhitespace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == 0x85;
    }

    /** Whether {@code s} is empty or consists of white space only. */
    public static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            if (!isWhitespace(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
