package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermStatisticsTest {
    /** d1 "the cat sat on the mat", d2 "the dog sat", d3 "a cat". */
    static TermStatistics smallCorpus() {
        TermStatistics s = new TermStatistics();
        TextPipeline p = TextPipeline.word();
        for (String doc : List.of("the cat sat on the mat", "the dog sat", "a cat")) {
            s.addDocument(p.terms(doc));
        }
        return s;
    }

    @Test
    void tfDfRankAndEntropyByHand() {
        TermStatistics s = smallCorpus();
        assertEquals(3, s.documents());
        assertEquals(11, s.tokens());
        assertEquals(7, s.distinctTerms());
        assertEquals(3, s.tf("the"));
        assertEquals(2, s.df("the"));
        assertEquals(2, s.tf("cat"));
        assertEquals(2, s.df("cat"));
        assertEquals(1, s.tf("dog"));
        assertEquals(0, s.tf("zebra"));
        // "the": 2 of 3 occurrences in d1, 1 in d2: H = -(2/3 log2 2/3 + 1/3 log2 1/3)
        assertEquals(0.9182958340544896, s.entropy("the"), 1e-12);
        assertEquals(1.0, s.entropy("cat"), 1e-12);
        assertEquals(0.0, s.entropy("dog"), 0.0);
        List<TermStat> ranked = s.ranked();
        assertEquals(
                List.of("the", "cat", "sat", "a", "dog", "mat", "on"),
                ranked.stream().map(TermStat::term).toList());
        assertEquals(new TermStat("sat", 2, 2, 3, 1.0), ranked.get(2));
        assertEquals(ranked.subList(0, 4), s.top(4));
        assertEquals(List.of(), s.top(0));
        assertEquals(ranked, s.top(100));
        assertThrows(IllegalArgumentException.class, () -> s.top(-1));
    }

    @Test
    void mergeEqualsSequentialCounting() {
        TermStatistics a = new TermStatistics();
        a.addDocument(List.of("x", "x", "y"));
        TermStatistics b = new TermStatistics();
        b.addDocument(List.of("x"));
        a.merge(b);
        assertEquals(3, a.tf("x"));
        assertEquals(2, a.df("x"));
        assertEquals(2, a.documents());
        assertEquals(0.9182958340544896, a.entropy("x"), 1e-12);
    }

    @Test
    void longAndShortDocumentsCountAlike() {
        // 30 terms takes the map path, its halves the linear-scan path; totals must agree
        List<String> doc = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            doc.add("w" + (i % 4));
        }
        TermStatistics longDoc = new TermStatistics();
        longDoc.addDocument(doc);
        assertEquals(8, longDoc.tf("w0"));
        assertEquals(7, longDoc.tf("w3"));
        assertEquals(1, longDoc.df("w0"));
        assertEquals(0.0, longDoc.entropy("w0"), 0.0);
        TermStatistics halves = new TermStatistics();
        halves.addDocument(doc.subList(0, 15));
        halves.addDocument(doc.subList(15, 30));
        assertEquals(8, halves.tf("w0"));
        assertEquals(2, halves.df("w0"));
        // w0 occurs 4 times in the first half (0,4,8,12) and 4 in the second (16,20,24,28): H = 1 bit
        assertEquals(1.0, halves.entropy("w0"), 1e-12);
    }
}
