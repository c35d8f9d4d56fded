package dev.tolk.tokenizer;

import java.util.List;

/**
 * The reversible encoding of spacing used by {@link ReversibleTokenizer#pieces(String)} (as in SentencePiece):
 * U+0020 becomes {@link #SPACE} ({@code ▁}, U+2581); an input {@code ▁} becomes {@code ESCAPE ▁} and an input
 * {@link #ESCAPE} (U+E000, private use) becomes {@code ESCAPE ESCAPE}; every other character, including other
 * whitespace such as U+00A0, is kept. Word-level encodings start with one extra {@code ▁} (the "dummy prefix")
 * so that a word is written the same at the start of a text and after a space.
 */
public final class SpaceMarker {
    /** The visible space marker, U+2581 LOWER ONE EIGHTH BLOCK. */
    public static final char SPACE = '\u2581';
    /** The escape character, U+E000 (private use). */
    public static final char ESCAPE = '\uE000';

    private SpaceMarker() {}

    /** Appends the encoding of {@code s[from, to)} to {@code out}. */
    public static void encode(CharSequence s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                out.append(SPACE);
            } else if (c == SPACE || c == ESCAPE) {
                out.append(ESCAPE).append(c);
            } else {
                out.append(c);
            }
        }
    }

    /** The encoding of {@code s} (without dummy prefix). */
    public static String encode(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        encode(s, 0, s.length(), sb);
        return sb.toString();
    }

    /**
     * Decodes the concatenation of {@code pieces}. With {@code dummyPrefix}, one leading {@code ▁} is dropped if
     * present. Never throws: a trailing lone {@link #ESCAPE} is kept as is.
     */
    public static String decode(List<String> pieces, boolean dummyPrefix) {
        int len = 0;
        for (String p : pieces) {
            len += p.length();
        }
        StringBuilder out = new StringBuilder(len);
        boolean first = true;
        boolean escaped = false;
        for (String p : pieces) {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (escaped) {
                    out.append(c);
                    escaped = false;
                } else if (c == ESCAPE) {
                    escaped = true;
                } else if (c == SPACE) {
                    if (!(first && dummyPrefix)) {
                        out.append(' ');
                    }
                } else {
                    out.append(c);
                }
                first = false;
            }
        }
        if (escaped) {
            out.append(ESCAPE);
        }
        return out.toString();
    }
}
