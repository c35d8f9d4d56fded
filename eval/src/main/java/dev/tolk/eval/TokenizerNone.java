package dev.tolk.eval;

/** sacreBLEU's {@code none} tokenizer: the segment unchanged, so tokens are its Python-{@code split()} words. */
public final class TokenizerNone implements BleuTokenizer {
    /** The shared instance. */
    public static final TokenizerNone INSTANCE = new TokenizerNone();

    private TokenizerNone() {}

    @Override
    public String tokenize(String line) {
        return line;
    }

    @Override
    public String signature() {
        return "none";
    }
}
