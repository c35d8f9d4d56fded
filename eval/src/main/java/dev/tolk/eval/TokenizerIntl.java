package dev.tolk.eval;

import java.util.regex.Pattern;

/**
 * sacreBLEU's {@code intl} tokenizer (mteval-v14.pl's international tokenization): three passes over Unicode
 * general categories, each a left-to-right non-overlapping replacement,
 * <ol>
 *   <li>{@code (\P{N})(\p{P})} → {@code "\1 \2 "} (punctuation preceded by a non-number);</li>
 *   <li>{@code (\p{P})(\P{N})} → {@code " \1 \2"} (punctuation followed by a non-number);</li>
 *   <li>{@code (\p{S})} → {@code " \1 "} (symbols);</li>
 * </ol>
 * then Python's {@code ' '.join(line.split())}. Categories come from the JDK's Unicode tables (Java 17: Unicode
 * 13); sacreBLEU's {@code regex} module may know a few characters added in later Unicode versions.
 */
public final class TokenizerIntl implements BleuTokenizer {
    /** The shared instance. */
    public static final TokenizerIntl INSTANCE = new TokenizerIntl();

    private static final Pattern PUNCT_AFTER_NON_NUMBER = Pattern.compile("(\\P{N})(\\p{P})");
    private static final Pattern PUNCT_BEFORE_NON_NUMBER = Pattern.compile("(\\p{P})(\\P{N})");
    private static final Pattern SYMBOL = Pattern.compile("(\\p{S})");

    private TokenizerIntl() {}

    @Override
    public String tokenize(String line) {
        String s = PUNCT_AFTER_NON_NUMBER.matcher(line).replaceAll("$1 $2 ");
        s = PUNCT_BEFORE_NON_NUMBER.matcher(s).replaceAll(" $1 $2");
        s = SYMBOL.matcher(s).replaceAll(" $1 ");
        return PythonText.collapseWhitespace(s);
    }

    @Override
    public String signature() {
        return "intl";
    }
}
