package dev.tolk.eval;

/**
 * A BLEU tokenizer as in sacreBLEU: turns one segment into a string whose Python-{@code split()} tokens are the
 * BLEU tokens. Implementations are stateless and thread-safe.
 */
public sealed interface BleuTokenizer permits Tokenizer13a, TokenizerIntl, TokenizerChar, TokenizerNone {
    /** The tokenized segment: tokens separated by whitespace. */
    String tokenize(String line);

    /**
     * The BLEU tokens of {@code line}: Python's {@code tokenize(line).split()}. Implementations may skip building
     * the joined string.
     */
    default String[] tokens(String line) {
        return PythonText.split(tokenize(line));
    }

    /** The tokenizer's name in the signature ({@code 13a}, {@code intl}, {@code char}, {@code none}). */
    String signature();
}
