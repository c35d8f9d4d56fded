package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** The checks every tokenizer must pass on any input (used by the example, corpus and property tests). */
final class TokenizerContract {
    private TokenizerContract() {}

    static void check(Tokenizer tokenizer, String text) {
        List<Token> tokens = tokenizer.tokenize(text);
        int prevEnd = 0;
        for (Token t : tokens) {
            assertTrue(t.start() >= prevEnd, () -> "overlap/order at " + t + " in " + escape(text));
            assertTrue(t.end() <= text.length(), () -> "end beyond text: " + t);
            assertTrue(t.end() > t.start(), () -> "empty token " + t);
            assertEquals(text.substring(t.start(), t.end()), t.text(), "token text must be the substring");
            assertFalse(
                    Character.isLowSurrogate(text.charAt(t.start()))
                            && t.start() > 0
                            && Character.isHighSurrogate(text.charAt(t.start() - 1)),
                    () -> "starts inside a surrogate pair: " + t);
            assertFalse(
                    t.end() < text.length()
                            && Character.isLowSurrogate(text.charAt(t.end()))
                            && Character.isHighSurrogate(text.charAt(t.end() - 1)),
                    () -> "ends inside a surrogate pair: " + t);
            prevEnd = t.end();
        }
        if (tokenizer instanceof ReversibleTokenizer r) {
            List<String> pieces = r.pieces(text);
            for (String p : pieces) {
                assertFalse(p.isEmpty(), "empty piece");
                assertFalse(p.indexOf(' ') >= 0, () -> "piece with an ASCII space: '" + p + "'");
            }
            assertEquals(text, r.detokenize(pieces), () -> "round trip of " + escape(text) + " via " + pieces);
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u{%X}", cp));
            }
        });
        return sb.toString();
    }
}
