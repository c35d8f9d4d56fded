package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

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
    void invalidCriteriaAreRejectedWithOneLineNamingTheCriterion() {
        assertRejected(
                "--max-df must be a ratio in (0, 1], got 0.0 (use --max-df-count for a number of documents)",
                () -> StopwordCriteria.maxDf(0));
        assertRejected(
                "--max-df must be a ratio in (0, 1], got 1.5 (use --max-df-count for a number of documents)",
                () -> StopwordCriteria.maxDf(1.5));
        assertRejected("--max-df-count must be >= 0, got -1", () -> new StopwordCriteria(null, -1L, null, null, null));
        assertRejected("--min-df must be >= 0, got -3", () -> new StopwordCriteria(null, null, -3L, null, null));
        assertRejected("--top-k must be >= 0, got -2", () -> new StopwordCriteria(null, null, null, -2, null));
        assertRejected(
                "--max-entropy must be a finite number of bits >= 0, got NaN",
                () -> new StopwordCriteria(null, null, null, null, Double.NaN));
        assertRejected(
                "--max-entropy must be a finite number of bits >= 0, got Infinity",
                () -> new StopwordCriteria(null, null, null, null, Double.POSITIVE_INFINITY));
        assertRejected(
                "give at least one criterion: --max-df, --max-df-count, --min-df, --top-k or --max-entropy",
                () -> new StopwordCriteria(null, null, null, null, null));
    }

    private static void assertRejected(String message, Executable construct) {
        assertEquals(
                message, assertThrows(IllegalArgumentException.class, construct).getMessage());
    }

    @Test
    void reasonNamesAreSortedAndSpelledAsTheOptions() {
        Stopword s = new Stopword(
                new TermStat("the", 3, 2, 1, 0.5),
                Set.of(Stopword.Reason.MAX_ENTROPY, Stopword.Reason.TOP_K, Stopword.Reason.MAX_DF));
        assertEquals(List.of("max-df", "top-k", "max-entropy"), s.reasonNames());
        assertEquals("min-df", Stopword.Reason.MIN_DF.optionName());
    }

    @Test
    void filterRemovesTheSelectedTerms() {
        List<String> sw = terms(StopwordCriteria.topK(1));
        StopwordFilter f = new StopwordFilter(sw);
        assertEquals(List.of(new Token("cat", 4, 7)), f.apply(WordTokenizer.INSTANCE.tokenize("the cat")));
    }
}
