package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Word-level tokenizer: splits on {@link Whitespace} and separates punctuation from words.
 *
 * <p>Rules, applied per code point:
 * <ul>
 *   <li>a <em>word</em> is a run of letters, digits and {@code _}; combining marks (category M), format
 *       characters (Cf, including the {@link Whitespace#isInvisible invisible} ones and ZWJ) and emoji
 *       variation selectors extend whatever token precedes them (after a zero-width joiner the next symbol
 *       joins too, keeping emoji ZWJ sequences whole), so a base letter is never separated from its
 *       accents;</li>
 *   <li>inside a word, an apostrophe ({@code '} or U+2019) between two letters is kept ({@code don't},
 *       {@code aujourd'hui}), a hyphen ({@code -} or U+2010) between two letters or digits is kept
 *       ({@code peut-être}, {@code COVID-19}), and {@code .}, {@code ,} or {@code :} between two digits is kept
 *       ({@code 3.5}, {@code 1,000}, {@code 12:30});</li>
 *   <li>any other character (punctuation, symbol, control) is a token of its own, except that a run of the
 *       same character stays together ({@code ...}, {@code !!}).</li>
 * </ul>
 * {@link #pieces(String)} attaches the whitespace before each token to it (see {@link SpaceMarker}), plus a final
 * piece for trailing whitespace, so {@code detokenize(pieces(x)).equals(x)}. Immutable and thread-safe.
 */
public final class WordTokenizer implements ReversibleTokenizer {
    static final byte SPACE = 0;
    static final byte LETTER = 1;
    static final byte DIGIT = 2;
    static final byte EXTEND = 3;
    static final byte OTHER = 4;

    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            byte k;
            if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
                k = SPACE;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                k = LETTER;
            } else if (c >= '0' && c <= '9') {
                k = DIGIT;
            } else {
                k = OTHER;
            }
            ASCII[c] = k;
        }
    }

    /** The shared instance (the tokenizer has no settings). */
    public static final WordTokenizer INSTANCE = new WordTokenizer();

    /** Use {@link #INSTANCE}; public for frameworks that instantiate by reflection. */
    public WordTokenizer() {}

    static byte classOf(int cp) {
        if (cp < 128) {
            return ASCII[cp];
        }
        if (Whitespace.isWhitespace(cp)) {
            return SPACE;
        }
        if (cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF) {
            return EXTEND; // variation selectors (category Mn already, kept explicit)
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.CONNECTOR_PUNCTUATION:
                return LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return DIGIT;
            case Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.FORMAT:
                return EXTEND;
            default:
                return OTHER;
        }
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == 0x2019;
    }

    private static boolean isHyphen(int cp) {
        return cp == '-' || cp == 0x2010;
    }

    private static boolean isNumberJoiner(int cp) {
        return cp == '.' || cp == ',' || cp == ':';
    }

    /**
     * Finds the end of the token starting at {@code start} (which is not whitespace).
     */
    static int tokenEnd(String s, int start) {
        int n = s.length();
        int cp = s.codePointAt(start);
        byte cls = classOf(cp);
        int i = start + Character.charCount(cp);
        if (cls == OTHER) {
            while (i < n && s.codePointAt(i) == cp) {
                i += Character.charCount(cp);
            }
            return skipExtend(s, i);
        }
        byte last = cls; // LETTER, DIGIT or EXTEND (a word may start with marks)
        while (i < n) {
            char ch = s.charAt(i);
            if (ch < 128) { // fast path for ASCII letters and digits
                byte a = ASCII[ch];
                if (a == LETTER || a == DIGIT) {
                    last = a;
                    i++;
                    continue;
                }
            }
            int c = Character.isSurrogate(ch) ? s.codePointAt(i) : ch;
            byte k = classOf(c);
            if (k == LETTER || k == DIGIT) {
                last = k;
                i += Character.charCount(c);
            } else if (k == EXTEND) {
                i += Character.charCount(c);
            } else if (k == OTHER && i + 1 < n) {
                int next = s.codePointAt(i + 1); // joiners are all BMP, one unit
                byte nk = classOf(next);
                boolean join = (isApostrophe(c) && last == LETTER && nk == LETTER)
                        || (isHyphen(c) && (last == LETTER || last == DIGIT) && (nk == LETTER || nk == DIGIT))
                        || (isNumberJoiner(c) && last == DIGIT && nk == DIGIT);
                if (!join) {
                    break;
                }
                i += 1;
            } else {
                break;
            }
        }
        return i;
    }

    private static int skipExtend(String s, int i) {
        int n = s.length();
        while (i < n) {
            int c = s.codePointAt(i);
            if (c < 128 || classOf(c) != EXTEND) {
                break;
            }
            i += Character.charCount(c);
            if (c == 0x200D && i < n) { // zero-width joiner: an emoji ZWJ sequence continues with the next symbol
                int next = s.codePointAt(i);
                if (classOf(next) == OTHER) {
                    i += Character.charCount(next);
                }
            }
        }
        return i;
    }

    /** Offset of the first non-whitespace unit at or after {@code i}. */
    static int skipSpace(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c < 128 ? ASCII[c] != SPACE : !Whitespace.isWhitespace(c)) {
                break;
            }
            i++;
        }
        return i;
    }

    @Override
    public List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>(text.length() / 4 + 1);
        int n = text.length();
        int i = skipSpace(text, 0);
        while (i < n) {
            int end = tokenEnd(text, i);
            out.add(new Token(text.substring(i, end), i, end));
            i = skipSpace(text, end);
        }
        return out;
    }

    @Override
    public List<String> terms(String text) {
        List<String> out = new ArrayList<>(text.length() / 4 + 1);
        int n = text.length();
        int i = skipSpace(text, 0);
        while (i < n) {
            int end = tokenEnd(text, i);
            out.add(text.substring(i, end));
            i = skipSpace(text, end);
        }
        return out;
    }

    /**
     * The word pieces of {@code text}: each token with the encoded whitespace before it (the first one with the
     * dummy prefix {@code ▁}), and a last piece for trailing whitespace. Empty for the empty string.
     */
    @Override
    public List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        if (n == 0) {
            return out;
        }
        StringBuilder sb = new StringBuilder(32);
        sb.append(SpaceMarker.SPACE);
        int prev = 0;
        int i = skipSpace(text, 0);
        while (i < n) {
            int end = tokenEnd(text, i);
            SpaceMarker.encode(text, prev, end, sb);
            out.add(sb.toString());
            sb.setLength(0);
            prev = end;
            i = skipSpace(text, end);
        }
        if (prev < n || out.isEmpty()) {
            SpaceMarker.encode(text, prev, n, sb);
            out.add(sb.toString());
        }
        return out;
    }

    @Override
    public String detokenize(List<String> pieces) {
        return SpaceMarker.decode(pieces, true);
    }

    @Override
    public String toString() {
        return "WordTokenizer";
    }
}
