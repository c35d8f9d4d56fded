package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StopwordSelectorTest {
    private final TermStatistics stats = TermStatisticsTest.smallCorpus();

    private List<String> terms(StopwordCriteria c) {
        return new StopwordSelector(c)
                .select(stats).stream().map(Stopword::term).toList();
    }

    @Test
    void eachCriterionAlone() {
        assertEquals(List.of("the", "cat", "sat"), terms(StopwordCriteria.maxDf(0.5)));
        assertEquals(List.of(), terms(StopwordCriteria.maxDf(1.0)));
        assertEquals(List.of("the", "cat", "sat"), terms(new StopwordCriteria(null, 1L, null, null, null)));
        assertEquals(List.of("a", "dog", "mat", "on"), terms(new StopwordCriteria(null, null, 2L, null, null)));
        assertEquals(List.of("the", "cat"), terms(StopwordCriteria.topK(2)));
        assertEquals(List.of("cat", "sat"), terms(new StopwordCriteria(null, null, null, null, 0.95)));
    }

    @Test
    void combinedCriteriaCarryStatisticsAndReasons() {
        List<Stopword> sw = new StopwordSelector(new StopwordCriteria(0.5, null, 2L, 1, null)).select(stats);
        assertEquals(
                List.of("the", "cat", "sat", "a", "dog", "mat", "on"),
                sw.stream().map(Stopword::term).toList());
        assertEquals(
                Set.of(Stopword.Reason.MAX_DF, Stopword.Reason.TOP_K), sw.get(0).reasons());
        TermStat the = sw.get(0).stat();
        assertEquals(List.of("the", 3L, 2L, 1), List.of(the.term(), the.tf(), the.df(), the.rank()));
        assertEquals(0.9182958340544896, the.entropy(), 1e-12);
        assertEquals(Set.of(Stopword.Reason.MAX_DF), sw.get(1).reasons());
        assertEquals(Set.of(Stopword.Reason.MIN_DF), sw.get(3).reasons());
    }

    @Test
    void invalidCriteriaAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> StopwordCriteria.maxDf(0));
        assertThrows(IllegalArgumentException.class, () -> StopwordCriteria.maxDf(1.5));
        assertThrows(IllegalArgumentException.class, () -> new StopwordCriteria(null, -1L, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new StopwordCriteria(null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new StopwordCriteria(null, null, null, -2, null));
    }

    @Test
    void filterRemovesTheSelectedTerms() {
        List<String> sw = terms(StopwordCriteria.topK(1));
        StopwordFilter f = new StopwordFilter(sw);
        assertEquals(List.of(new Token("cat", 4, 7)), f.apply(WordTokenizer.INSTANCE.tokenize("the cat")));
    }
}
