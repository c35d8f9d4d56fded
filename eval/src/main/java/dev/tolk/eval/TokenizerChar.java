package dev.tolk.eval;

/**
 * sacreBLEU's {@code char} tokenizer: every non-whitespace Unicode code point is a token (a character outside
 * the BMP is one token, not two UTF-16 units); whitespace (Python's set) only separates.
 */
public final class TokenizerChar implements BleuTokenizer {
    /** The shared instance. */
    public static final TokenizerChar INSTANCE = new TokenizerChar();

    private TokenizerChar() {}

    @Override
    public String tokenize(String line) {
        StringBuilder b = new StringBuilder(line.length() * 2);
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            i += Character.charCount(cp);
            if (!PythonText.isWhitespace(cp)) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    @Override
    public String signature() {
        return "char";
    }
}
