package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void informationSeparatorsAreNotWhitespace() {
        // U+001C..U+001F are control characters, not Unicode White_Space (data used to count them as spaces)
        WhitespaceTokenCounter c = WhitespaceTokenCounter.INSTANCE;
        assertEquals(1, c.applyAsInt("a\u001cb\u001fc"));
        assertEquals(1, c.applyAsInt("\u001c"));
    }

    @Test
    void aSideOfInformationSeparatorsIsNotAnEmptySide() {
        CorpusData d = CsvCorpusReader.of(CorpusFormat.csv())
                .readAll(
                        new java.io.ByteArrayInputStream("source,target\n\u001c,x\n\u00a0,y\n"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        "c.csv");
        assertEquals(1, d.pairs().size());
        assertEquals("\u001c", d.pairs().get(0).source());
        assertEquals(1, d.report().skipped());
    }
}
