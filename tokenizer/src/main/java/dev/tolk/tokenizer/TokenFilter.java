package dev.tolk.tokenizer;

import java.util.List;

/**
 * A stateless transformation of a token list (Lucene's {@code TokenFilter} idea), applied after tokenisation in
 * a {@link TextPipeline}. Filters keep the offsets of the tokens they keep. Implementations are immutable and
 * thread-safe.
 */
@FunctionalInterface
public interface TokenFilter {
    /** The filtered tokens; {@code tokens} is not modified. */
    List<Token> apply(List<Token> tokens);
}
