package dev.tolk.tokenizer;

import java.util.Objects;

/**
 * One token: its text and its {@code [start, end)} UTF-16 offsets into the original text given to the tokenizer.
 * A tokenizer returns {@code text.equals(original.substring(start, end))}; a {@link TextPipeline} may change the
 * text (normalisation, lowercasing) but never the offsets, so they always point back into the original.
 *
 * @param text the token's text
 * @param start offset of the first UTF-16 unit in the original text (inclusive)
 * @param end offset after the last UTF-16 unit (exclusive)
 */
public record Token(String text, int start, int end) {
    /** Validates the offsets: {@code 0 <= start <= end}. */
    public Token {
        Objects.requireNonNull(text, "text");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("Token offsets must satisfy 0 <= start <= end, got [" + start + ", "
                    + end + ") for '" + text + "'");
        }
    }

    /** The same span with a different text (used by filters that normalise). */
    public Token withText(String newText) {
        return new Token(newText, start, end);
    }
}
