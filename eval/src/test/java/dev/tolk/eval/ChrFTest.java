package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChrFTest {

    @Test
    void wordSplittingDetachesOneTrailingElseOneLeadingAsciiPunctuationMark() {
        assertEquals(List.of("(hi", ")"), ChrF.words("(hi)"));
        assertEquals(List.of("end", "."), ChrF.words("end."));
        assertEquals(List.of("."), ChrF.words("."));
        assertEquals(List.of(",", "x"), ChrF.words(",x"));
        assertEquals(List.of("word«"), ChrF.words("word«"), "only ASCII punctuation");
        assertEquals(List.of("a", "b"), ChrF.words("a\u202fb"));
    }

    @Test
    void identicalSegmentsScoreHundredAndDisjointOnesZero() {
        ChrF chrf = new ChrF(ChrFConfig.chrF());
        assertEquals(100.0, chrf.sentenceScore("abc def", List.of("abc def")).score(), 1e-9);
        assertEquals(0.0, chrf.sentenceScore("xyz", List.of("abc")).score());
    }

    @Test
    void handComputedStatisticsAndScore() {
        ChrF chrf = new ChrF(new ChrFConfig(2, 0, 2, false, false, false));
        // hyp "ab ab" -> "abab": unigrams a2 b2, bigrams ab2 ba1; ref "abc": a b c, ab bc
        ChrFScore s = chrf.sentenceScore("ab ab", List.of("abc"));
        assertEquals(List.of(4L, 3L, 2L, 3L, 2L, 1L), s.statistics());
        double p = (2.0 / 4 + 1.0 / 3) / 2;
        double r = (2.0 / 3 + 1.0 / 2) / 2;
        assertEquals(100 * 5 * p * r / (4 * p + r), s.score(), 1e-12);
        assertEquals("chrF2", s.name());
        assertEquals(
                "nrefs:1|case:mixed|eff:yes|nc:2|nw:0|space:no", s.signature().formatWithoutVersion());
    }

    @Test
    void bestReferenceIsChosenBySegmentFScore() {
        ChrF chrf = new ChrF(ChrFConfig.chrFPlusPlus());
        ChrFScore two = chrf.sentenceScore("the cat sat", List.of("a dog ran", "the cat sat"));
        assertEquals(100.0, two.score(), 1e-9);
        assertEquals("chrF2++", two.name());
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ChrFConfig(0, 0, 2, false, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ChrFConfig(6, -1, 2, false, false, false));
    }
}
