package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into {@link Token}s. Contract (checked by the tests of every implementation): tokens are in
 * order, do not overlap, and {@code token.text().equals(text.substring(token.start(), token.end()))}; no token is
 * empty; no token starts or ends inside a surrogate pair. Implementations are immutable and thread-safe.
 */
public interface Tokenizer {

    /** The tokens of {@code text}, with offsets into {@code text}. */
    List<Token> tokenize(String text);

    /** The texts of {@link #tokenize(String)}. */
    default List<String> terms(String text) {
        List<Token> tokens = tokenize(text);
        List<String> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            out.add(t.text());
        }
        return out;
    }
}
