package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordTokenizerTest {
    private final WordTokenizer tok = WordTokenizer.INSTANCE;

    @Test
    void splitsPunctuationAndKeepsNumbersAndContractions() {
        assertEquals(
                List.of("Don't", "pay", "3.5", "or", "1,000", "$", "at", "12:30", "!"),
                tok.terms("Don't pay 3.5 or 1,000 $ at 12:30!"));
        assertEquals(List.of("Hello", ",", "world", "...", "peut-être", "?"), tok.terms("Hello, world... peut-être ?"));
        assertEquals(List.of("l'homme", "COVID-19", "-", "x", "'", "a"), tok.terms("l'homme COVID-19 - x 'a"));
        assertEquals(List.of("end", "."), tok.terms("end."));
        assertEquals(List.of("3", "."), tok.terms("3."));
    }

    @Test
    void frenchSpacesAreWhitespace() {
        // U+00A0 before '!', U+202F before '?', U+2009 thin space
        List<Token> tokens = tok.tokenize("Va\u00A0! Qui\u202F? a\u2009b");
        assertEquals(
                List.of(
                        new Token("Va", 0, 2),
                        new Token("!", 3, 4),
                        new Token("Qui", 5, 8),
                        new Token("?", 9, 10),
                        new Token("a", 11, 12),
                        new Token("b", 13, 14)),
                tokens);
    }

    @Test
    void invisibleCharactersAndMarksStayInsideWords() {
        assertEquals(List.of("co\u00ADop", "e\u0301t\u00E9", "\u200B"), tok.terms("co\u00ADop e\u0301t\u00E9 \u200B"));
        // emoji with ZWJ and variation selector is one token; a surrogate pair is never split
        assertEquals(
                List.of("\uD83D\uDC69\u200D\uD83D\uDCBB", "\uD83D\uDE00\uFE0F", "x"),
                tok.terms("\uD83D\uDC69\u200D\uD83D\uDCBB \uD83D\uDE00\uFE0Fx"));
    }

    @Test
    void piecesCarrySpacingExactly() {
        assertEquals(List.of("▁Hello", ",", "▁world", "!"), tok.pieces("Hello, world!"));
        assertEquals(List.of("▁Va", "\u00A0!"), tok.pieces("Va\u00A0!"));
        assertEquals(List.of("▁▁a", "▁▁b", "▁"), tok.pieces(" a  b "));
        assertEquals(List.of("▁▁▁"), tok.pieces("  "));
        assertEquals(List.of(), tok.pieces(""));
        assertEquals(List.of("▁\uE000▁", "▁\uE000\uE000"), tok.pieces("▁ \uE000"));
        assertEquals("a b", tok.detokenize(List.of("▁a", "▁b")));
        assertEquals("ab", tok.detokenize(List.of("a", "b")), "lenient without dummy prefix");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "a",
                " a ",
                "Va\u00A0!",
                "x\r\n\ty",
                "▁▁",
                "\uE000",
                "\uE000▁ ",
                "\uD800",
                "a\uDC00b",
                "\u0301abc",
                "e\u0301\u0301!!?",
                "\t\u3000end\u2029",
                "'-.,:",
                "1.2.3",
                "a'b'c",
                "--x--"
            })
    void contractHolds(String text) {
        TokenizerContract.check(tok, text);
        TokenizerContract.check(CharTokenizer.INSTANCE, text);
    }
}
