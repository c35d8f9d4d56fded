package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TermStatTableTest {
    private static final String NL = System.lineSeparator();

    @Test
    void columnsAreRightAlignedAndTheTermColumnFitsTheLongestTerm() {
        TermStatistics stats = TermStatisticsTest.smallCorpus();
        // the: tf 3, df 2, p = (2/3, 1/3), H = 0.9183 bits; cat: one occurrence in each of 2 documents, H = 1
        assertEquals(
                "  rank  term          tf          df   entropy" + NL
                        + "     1  the            3           2    0.9183" + NL
                        + "     2  cat            2           2    1.0000" + NL,
                TermStatTable.format(stats.top(2)));
    }

    @Test
    void termColumnWidthCountsCodePointsAndStopsAtForty() {
        String wide = "ü".repeat(6); // 6 code points, 6 chars
        String table = TermStatTable.format(List.of(new TermStat(wide, 1, 1, 1, 0)));
        assertEquals("  rank  term            tf          df   entropy", table.split(NL)[0]);
        String supplementary = "\uD835\uDC00".repeat(5); // 5 code points in 10 chars
        assertEquals(
                "  rank  term" + " ".repeat(11) + "tf",
                TermStatTable.format(List.of(new TermStat(supplementary, 1, 1, 1, 0)))
                        .split(NL)[0]
                        .substring(0, 25));
        String longTerm = "x".repeat(50);
        String row = TermStatTable.format(List.of(new TermStat(longTerm, 7, 1, 1, 0)))
                .split(NL)[1];
        assertEquals("     1  " + longTerm + "           7           1    0.0000", row);
        String header = TermStatTable.format(List.of(new TermStat(longTerm, 7, 1, 1, 0)))
                .split(NL)[0];
        assertEquals("  rank  " + "term" + " ".repeat(36) + "          tf          df   entropy", header);
    }

    @Test
    void stopwordsGetAReasonsColumn() {
        List<Stopword> sw = List.of(
                new Stopword(
                        new TermStat("the", 3, 2, 1, 0.9182958340544896),
                        Set.of(Stopword.Reason.TOP_K, Stopword.Reason.MAX_DF)),
                new Stopword(new TermStat("a", 1, 1, 7, 0), Set.of(Stopword.Reason.MIN_DF)));
        assertEquals(
                "  rank  term          tf          df   entropy  reasons" + NL
                        + "     1  the            3           2    0.9183  max-df,top-k" + NL
                        + "     7  a              1           1    0.0000  min-df" + NL,
                TermStatTable.formatStopwords(sw));
    }

    @Test
    void fieldsForJsonInOrderWithEntropyToSixDecimals() {
        assertEquals(
                "{rank=2, term=the, tf=3, df=2, entropy=0.918296}",
                new TermStat("the", 3, 2, 2, 0.9182958340544896).fields().toString());
    }
}
