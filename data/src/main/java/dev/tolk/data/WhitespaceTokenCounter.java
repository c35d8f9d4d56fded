package dev.tolk.data;

import dev.tolk.tokenizer.Whitespace;
import java.util.function.ToIntFunction;

/**
 * Counts the maximal runs of non-white-space characters, with {@link Whitespace} (the tokenizer's, Unicode's
 * {@code White_Space}) as the definition of white space (so {@code "Va\u202F!"} is two tokens). The default token count of {@link PairFilter}; pass a
 * real tokenizer's count instead where the limits must match the model's input.
 */
public enum WhitespaceTokenCounter implements ToIntFunction<String> {
    /** The single instance. */
    INSTANCE;

    @Override
    public int applyAsInt(String text) {
        int count = 0;
        boolean inToken = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean ws = Whitespace.isWhitespace(cp);
            if (!ws && !inToken) {
                count++;
            }
            inToken = !ws;
            i += Character.charCount(cp);
        }
        return count;
    }
}
