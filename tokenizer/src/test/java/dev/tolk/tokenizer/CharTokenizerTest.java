package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {
    @Test
    void codePointsNotUtf16Units() {
        String s = "a\uD83D\uDE00 é";
        assertEquals(
                List.of(new Token("a", 0, 1), new Token("\uD83D\uDE00", 1, 3), new Token("é", 4, 5)),
                CharTokenizer.INSTANCE.tokenize(s));
        assertEquals(List.of("a", "\uD83D\uDE00", "▁", "é"), CharTokenizer.INSTANCE.pieces(s));
        assertEquals(s, CharTokenizer.INSTANCE.detokenize(CharTokenizer.INSTANCE.pieces(s)));
    }
}
