package dev.tolk.eval;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The BLEU tokenizers Tolk offers, by their sacreBLEU names. */
public enum Tokenization {
    /** {@code 13a}, the default: mteval-v13a.pl ({@link Tokenizer13a}). */
    T13A("13a", Tokenizer13a.INSTANCE),
    /** {@code intl}: Unicode punctuation and symbols ({@link TokenizerIntl}). */
    INTL("intl", TokenizerIntl.INSTANCE),
    /** {@code char}: one token per character ({@link TokenizerChar}). */
    CHAR("char", TokenizerChar.INSTANCE),
    /** {@code none}: whitespace only, for pre-tokenized text ({@link TokenizerNone}). */
    NONE("none", TokenizerNone.INSTANCE);

    private final String id;
    private final BleuTokenizer tokenizer;

    Tokenization(String id, BleuTokenizer tokenizer) {
        this.id = id;
        this.tokenizer = tokenizer;
    }

    /** The sacreBLEU name, as in the signature and on the command line. */
    public String id() {
        return id;
    }

    /** The tokenizer. */
    public BleuTokenizer tokenizer() {
        return tokenizer;
    }

    /** The tokenization named {@code id} ({@code 13a}, {@code intl}, {@code char}, {@code none}). */
    public static Tokenization fromId(String id) {
        for (Tokenization t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown BLEU tokenizer '" + id + "': choose one of " + ids());
    }

    /** The valid names, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(Tokenization::id).collect(Collectors.joining(", "));
    }
}
