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

    /**
     * Empty reference lines in several reference files, as sacreBLEU 2.6.0's command line reads them: an empty line
     * is an empty reference {@code ""} (length 0, in the closest-length choice), not a missing one. The same case
     * is the embedded vector c18 (computed with sacreBLEU 2.6.0 itself); the numbers, derived by hand from
     * sacreBLEU's rules (13a tokens here are the words; closest reference length, ties to the shorter):
     *
     * <pre>
     * segment  hyp (len)                  ref lengths  closest  matches 1/2/3/4  hyp n-grams 1/2/3/4
     * 1        the cat sat on the mat (6)  6, 6, 0      6        6/5/4/3          6/5/4/3   (ref0 is the hyp)
     * 2        a dog runs (3)              0, 4, 4      4        3/2/0/0          3/2/1/0
     * 3        it is raining today (4)     3, 0, 3      3        4/2/1/0          4/3/2/1
     * 4        hello (1)                   0, 5, 0      0        1/0/0/0          1/0/0/0   (the empty refs are closest)
     * 5        ok (1)                      0, 0, 0      0        0/0/0/0          1/0/0/0   (every ref empty: still scored)
     * sum      sys_len 15                  ref_len 13            14/9/5/3         15/10/7/4
     * </pre>
     *
     * BP = 1 (15 &ge; 13); BLEU = 100 · (14/15 · 9/10 · 5/7 · 3/4)^(1/4) = 100 · 0.45^(1/4) = 81.9036; nrefs:3.
     * Dropping the empty references instead (Tolk before) gave nrefs:var, rejected segment 5, and without it took
     * ref_len 18 for 14 hypothesis tokens (BP = e^(1 − 18/14) = 0.75).
     */
    @Test
    void emptyReferenceLinesAreEmptyReferencesAsInSacrebleu() {
        Bleu b = new Bleu(BleuConfig.corpusDefaults());
        List<String> hyp = List.of("the cat sat on the mat", "a dog runs", "it is raining today", "hello", "ok");
        List<List<String>> refs = List.of(
                List.of("the cat sat on the mat", "", "it rains today", "", ""),
                List.of("a cat sat on a mat", "a dog is running", "", "hello there my good friend", ""),
                List.of("", "the dog runs fast", "it is raining", "", ""));
        BleuScore s = b.corpusScore(hyp, refs);
        assertEquals(List.of(14L, 9L, 5L, 3L), s.counts());
        assertEquals(List.of(15L, 10L, 7L, 4L), s.totals());
        assertEquals(15, s.sysLen());
        assertEquals(13, s.refLen());
        assertEquals(1.0, s.bp());
        assertEquals(100 * Math.pow(14.0 / 15 * 9 / 10 * 5 / 7 * 3 / 4, 0.25), s.score(), 1e-9);
        assertEquals(81.90362588127202, s.score(), 1e-9);
        assertEquals("3", s.signature().get("nrefs"));
    }

    @Test
    void missingReferencesAreDroppedAndNrefsBecomesVar() {
        Bleu b = new Bleu(BleuConfig.corpusDefaults());
        java.util.ArrayList<String> second = new java.util.ArrayList<>(List.of("a b c d", "x"));
        second.set(1, null); // a missing reference, sacreBLEU's None
        BleuScore s = b.corpusScore(List.of("a b c d", "e f g h"), List.of(List.of("a b c d", "e f g h"), second));
        assertEquals("var", s.signature().get("nrefs"));
        assertEquals(100.0, s.score(), 1e-9);
        java.util.ArrayList<String> none = new java.util.ArrayList<>(java.util.Arrays.asList("a", null));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> b.corpusScore(List.of("a", "b"), List.of(none)));
        assertTrue(e.getMessage().contains("segment 2 has no reference in any stream"), e.getMessage());
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
