package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Character-level tokenizer over Unicode code points (a surrogate pair is one token, never two UTF-16 units).
 * {@link #tokenize(String)} returns every code point that is not {@link Whitespace}; {@link #pieces(String)}
 * returns every code point, spaces included (written {@code ▁}, see {@link SpaceMarker}), for character-level
 * models. Combining marks are separate code points and so separate tokens; apply NFC first
 * ({@link Normalizer}) to compose the common ones. Immutable and thread-safe.
 */
public final class CharTokenizer implements ReversibleTokenizer {
    /** The shared instance. */
    public static final CharTokenizer INSTANCE = new CharTokenizer();

    /** Use {@link #INSTANCE}; public for frameworks that instantiate by reflection. */
    public CharTokenizer() {}

    @Override
    public List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>(text.length());
        int n = text.length();
        for (int i = 0; i < n; ) {
            int cp = text.codePointAt(i);
            int end = i + Character.charCount(cp);
            if (!Whitespace.isWhitespace(cp)) {
                out.add(new Token(text.substring(i, end), i, end));
            }
            i = end;
        }
        return out;
    }

    @Override
    public List<String> pieces(String text) {
        List<String> out = new ArrayList<>(text.length());
        StringBuilder sb = new StringBuilder(4);
        int n = text.length();
        for (int i = 0; i < n; ) {
            int end = i + Character.charCount(text.codePointAt(i));
            SpaceMarker.encode(text, i, end, sb);
            out.add(sb.toString());
            sb.setLength(0);
            i = end;
        }
        return out;
    }

    @Override
    public String detokenize(List<String> pieces) {
        return SpaceMarker.decode(pieces, false);
    }

    @Override
    public String toString() {
        return "CharTokenizer";
    }
}
