package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WhitespaceTokenCounterTest {
    @Test
    void countsRunsSeparatedByUnicodeWhitespace() {
        WhitespaceTokenCounter c = WhitespaceTokenCounter.INSTANCE;
        assertEquals(0, c.applyAsInt(""));
        assertEquals(0, c.applyAsInt(" \t\n\u00a0"));
        assertEquals(2, c.applyAsInt("Va\u202f!"));
        assertEquals(3, c.applyAsInt("  a\u00a0b\u2009c  "));
        assertEquals(1, c.applyAsInt("a\u200bb"));
        assertEquals(2, c.applyAsInt("\ud83d\ude00 \ud83d\ude00"));
    }

    @Test
    void blankMeansOnlyWhitespace() {
        assertTrue(UnicodeWhitespace.isBlank("\u202f\u00a0 \u3000"));
        assertFalse(UnicodeWhitespace.isBlank("\u200b"));
        assertTrue(UnicodeWhitespace.isWhitespace(0x85));
        assertFalse(UnicodeWhitespace.isWhitespace('x'));
    }
}
