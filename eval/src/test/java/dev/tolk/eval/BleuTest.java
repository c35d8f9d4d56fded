package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BleuTest {
    private static final Bleu NONE_TOK =
            new Bleu(BleuConfig.builder().tokenize(Tokenization.NONE).build());

    @Test
    void handComputedExampleWithExpSmoothingOfTheMissingFourGram() {
        BleuScore s =
                NONE_TOK.corpusScore(List.of("the cat sat on the mat"), List.of(List.of("the cat is on the mat")));
        assertEquals(List.of(5L, 3L, 1L, 0L), s.counts());
        assertEquals(List.of(6L, 5L, 4L, 3L), s.totals());
        assertEquals(100.0 * 5 / 6, s.precisions().get(0), 1e-12);
        assertEquals(100.0 / (2 * 3), s.precisions().get(3), 1e-12, "exp: 100 / (2^1 * total)");
        assertEquals(1.0, s.bp());
        double expected = Math.exp((Math.log(500.0 / 6) + Math.log(60) + Math.log(25) + Math.log(100.0 / 6)) / 4);
        assertEquals(expected, s.score(), 1e-12);
        assertEquals(
                "nrefs:1|case:mixed|eff:no|tok:none|smooth:exp", s.signature().formatWithoutVersion());
    }

    @Test
    void brevityPenaltyUsesTheClosestReferenceWithTiesToTheShorter() {
        // hyp has 4 tokens; refs of 3 and 5 tokens are equally close: the shorter (3) is used, so BP = 1
        BleuScore tie = NONE_TOK.corpusScore(List.of("a b c d"), List.of(List.of("a b c"), List.of("a b c d e")));
        assertEquals(3, tie.refLen());
        assertEquals(1.0, tie.bp());
        BleuScore shortHyp = NONE_TOK.corpusScore(List.of("a b"), List.of(List.of("a b c d")));
        assertEquals(Math.exp(1 - 4.0 / 2), shortHyp.bp(), 1e-15);
    }

    @Test
    void smoothingVariantsAndEffectiveOrder() {
        List<String> hyp = List.of("a b x");
        List<List<String>> ref = List.of(List.of("a b c"));
        BleuConfig base = BleuConfig.builder().tokenize(Tokenization.NONE).build();
        // counts 2/1/0, totals 3/2/1, no 4-grams
        BleuScore none = new Bleu(base.toBuilder().smoothing(Smoothing.NONE).build()).corpusScore(hyp, ref);
        assertEquals(0.0, none.score());
        BleuScore floor = new Bleu(base.toBuilder()
                        .smoothing(Smoothing.FLOOR, 0.5)
                        .effectiveOrder(true)
                        .build())
                .corpusScore(hyp, ref);
        assertEquals(100.0 * 0.5 / 1, floor.precisions().get(2), 1e-12);
        double eff3 = Math.exp((Math.log(200.0 / 3) + Math.log(50) + Math.log(50)) / 3);
        assertEquals(eff3, floor.score(), 1e-12, "effective order stops at order 3, the last with n-grams");
        assertEquals("floor[0.50]", floor.signature().get("smooth"));
        BleuScore addK = new Bleu(base.toBuilder().smoothing(Smoothing.ADD_K).build()).corpusScore(hyp, ref);
        assertEquals(List.of(2.0, 2.0, 1.0, 1.0), addK.smoothedCounts(), "k added to orders >= 2, even non-zero");
        assertEquals(List.of(3.0, 3.0, 2.0, 1.0), addK.smoothedTotals());
        assertEquals(List.of(2L, 1L, 0L, 0L), addK.counts(), "raw counts stay available");
        assertEquals("add-k[1.00]", addK.signature().get("smooth"));
    }

    @Test
    void noMatchAtAllScoresZeroUnderEverySmoothing() {
        for (Smoothing sm : Smoothing.values()) {
            Bleu b = new Bleu(BleuConfig.builder().smoothing(sm).build());
            assertEquals(
                    0.0,
                    b.corpusScore(List.of("x y z"), List.of(List.of("a b c"))).score(),
                    sm.id());
        }
    }

    @Test
    void emptyReferencesAreSkippedAndNrefsBecomesVar() {
        Bleu b = new Bleu(BleuConfig.corpusDefaults());
        BleuScore s = b.corpusScore(
                List.of("a b c d", "e f g h"), List.of(List.of("a b c d", "e f g h"), List.of("a b c d", "")));
        assertEquals("var", s.signature().get("nrefs"));
        assertEquals(100.0, s.score(), 1e-9);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> b.corpusScore(List.of("a", "b"), List.of(List.of("a", ""))));
        assertTrue(e.getMessage().contains("segment 2 has an empty reference in every stream"), e.getMessage());
    }

    @Test
    void misalignedStreamsAndBadConfigsAreRejectedWithTheReason() {
        Bleu b = new Bleu(BleuConfig.corpusDefaults());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> b.corpusScore(List.of("a", "b"), List.of(List.of("a"))));
        assertEquals(
                "BLEU: reference stream 1 has 1 segments but there are 2 hypotheses; streams must be " + "line-aligned",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.corpusScore(List.of("a"), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> BleuConfig.builder().maxNgramOrder(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> BleuConfig.builder().smoothing(Smoothing.FLOOR, -1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> BleuConfig.builder().smoothing(Smoothing.EXP, 0.1).build());
    }

    @Test
    void emptyCorpusScoresZero() {
        BleuScore s = new Bleu(BleuConfig.corpusDefaults()).corpusScore(List.of(), List.of(List.of()));
        assertEquals(0.0, s.score());
        assertEquals(0, s.sysLen());
    }

    /** Clipped n-gram matching by the textbook method with strings, the oracle for NgramIndex. */
    private static long[] naiveStatistics(String[] hyp, List<String[]> refs, int order) {
        long[] out = new long[2 + 2 * order];
        out[0] = hyp.length;
        int best = -1;
        for (String[] r : refs) {
            int d = Math.abs(hyp.length - r.length);
            int bd = best < 0 ? -1 : Math.abs(hyp.length - best);
            if (best < 0 || d < bd || (d == bd && r.length < best)) {
                best = r.length;
            }
        }
        out[1] = best;
        for (int n = 1; n <= order; n++) {
            Map<String, Integer> h = ngrams(hyp, n);
            Map<String, Integer> max = new HashMap<>();
            for (String[] r : refs) {
                ngrams(r, n).forEach((k, v) -> max.merge(k, v, Math::max));
            }
            long m = 0;
            for (Map.Entry<String, Integer> e : h.entrySet()) {
                m += Math.min(e.getValue(), max.getOrDefault(e.getKey(), 0));
            }
            out[1 + n] = m;
            out[1 + order + n] = Math.max(0, hyp.length - n + 1);
        }
        return out;
    }

    private static Map<String, Integer> ngrams(String[] t, int n) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= t.length; i++) {
            m.merge(String.join(" ", java.util.Arrays.copyOfRange(t, i, i + n)), 1, Integer::sum);
        }
        return m;
    }

    @Test
    void ngramIndexEqualsTextbookCountingOnRandomSegments() {
        SplittableRandom random = new SplittableRandom(7);
        for (int order : new int[] {1, 4, 7}) {
            Bleu bleu = new Bleu(BleuConfig.builder()
                    .tokenize(Tokenization.NONE)
                    .maxNgramOrder(order)
                    .build());
            for (int trial = 0; trial < 400; trial++) {
                String hyp = randomSentence(random);
                int nrefs = 1 + random.nextInt(3);
                List<List<String>> refs = new ArrayList<>();
                List<String[]> refTokens = new ArrayList<>();
                for (int r = 0; r < nrefs; r++) {
                    String ref = randomSentence(random) + (r == 0 ? "" : " " + hyp);
                    if (ref.isBlank()) {
                        ref = "w";
                    }
                    refs.add(List.of(ref));
                    refTokens.add(PythonText.split(ref));
                }
                long[] expected = naiveStatistics(PythonText.split(hyp), refTokens, order);
                long[] actual = bleu.statistics(List.of(hyp), refs).segment(0);
                assertEquals(
                        java.util.Arrays.toString(expected), java.util.Arrays.toString(actual), hyp + " | " + refs);
            }
        }
    }

    private static String randomSentence(SplittableRandom random) {
        String[] words = {"a", "b", "c", "d", "the", "ünïcode", "\ud834\udd1e"};
        int len = random.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            b.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        return b.toString();
    }

    @Test
    void sentenceScoreEqualsTheCorpusScoreOfOneSegment() {
        Bleu b = new Bleu(BleuConfig.sentenceDefaults());
        BleuScore s = b.sentenceScore("The dog bit the man.", List.of("The dog had bit the man.", "A dog bit a man."));
        BleuScore c = b.corpusScore(
                List.of("The dog bit the man."),
                List.of(List.of("The dog had bit the man."), List.of("A dog bit a man.")));
        assertEquals(c, s);
        assertEquals("yes", s.signature().get("eff"));
        assertEquals("2", s.signature().get("nrefs"));
    }
}
