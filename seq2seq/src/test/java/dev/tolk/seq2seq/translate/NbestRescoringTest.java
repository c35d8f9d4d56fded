package dev.tolk.seq2seq.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.seq2seq.io.NbestLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Moses n-best line format and the weighted reranking. */
class NbestRescoringTest {

    @Test
    void parsesBothMosesForms() {
        NbestLine a = NbestLine.parse("3 ||| le chat dort . ||| -1.25", "n.txt", 7);
        assertEquals(3, a.sentence());
        assertEquals("le chat dort .", a.text());
        assertEquals("", a.features());
        assertEquals(-1.25, a.score());
        assertEquals(7, a.line());
        NbestLine b = NbestLine.parse("0 ||| x y ||| F0= -3.5 R2L= -2 ||| -2.75", "n.txt", 1);
        assertEquals("F0= -3.5 R2L= -2", b.features());
        assertEquals(-2.75, b.score());
        NbestLine empty = NbestLine.parse("4 |||  ||| NaN", "n.txt", 9);
        assertEquals("", empty.text());
        assertEquals(Double.NaN, empty.score());
    }

    @Test
    void aWholeListIsReadLineByLineWithLineNumbersInErrors() throws IOException {
        List<NbestLine> list = NbestLine.read(
                new ByteArrayInputStream(
                        "0 ||| a ||| -1\r\n0 ||| b ||| -2\n1 ||| é ||| -0.5\n".getBytes(StandardCharsets.UTF_8)),
                "n.txt");
        assertEquals(List.of("a", "b", "é"), list.stream().map(NbestLine::text).toList());
        assertEquals(List.of(1L, 2L, 3L), list.stream().map(NbestLine::line).toList());
        assertEquals(List.of(0L, 0L, 1L), list.stream().map(NbestLine::sentence).toList());
        assertEquals(
                "n.txt:2:13: score 'x' is not a number",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> NbestLine.read(
                                        new ByteArrayInputStream(
                                                "0 ||| a ||| -1\n0 ||| b ||| x\n".getBytes(StandardCharsets.UTF_8)),
                                        "n.txt"))
                        .getMessage());
    }

    @Test
    void aRescoredHypothesisIsAMosesLineThatParsesBack() {
        String line = new RescoredHypothesis("le chat", -1.5, -2.25, -3.75).mosesLine(4, "R2L");
        assertEquals("4 ||| le chat ||| List= -1.5 R2L= -2.25 ||| -3.75", line);
        NbestLine back = NbestLine.parse(line, "n.txt", 1);
        assertEquals("List= -1.5 R2L= -2.25", back.features());
        assertEquals(-3.75, back.score());
    }

    @Test
    void badLinesNameFileLineAndColumn() {
        assertEquals(
                "n.txt:2:1: 2 field(s) separated by '|||'; expected 'i ||| text ||| score' or 'i ||| text |||"
                        + " features ||| score'",
                assertThrows(IllegalArgumentException.class, () -> NbestLine.parse("0 ||| text", "n.txt", 2))
                        .getMessage());
        assertEquals(
                "n.txt:5:15: score 'high' is not a number",
                assertThrows(IllegalArgumentException.class, () -> NbestLine.parse("1 ||| a b ||| high", "n.txt", 5))
                        .getMessage());
        assertEquals(
                "n.txt:3:1: sentence number 'x' is not an integer",
                assertThrows(IllegalArgumentException.class, () -> NbestLine.parse("x ||| a ||| -1", "n.txt", 3))
                        .getMessage());
    }

    @Test
    void equalWeightsAddTheScores() {
        List<RescoredHypothesis> r = NbestReranker.EQUAL.rerank(
                List.of("a", "b", "c"), new double[] {-1.0, -1.5, -2.0}, new double[] {-3.0, -1.0, -2.25});
        assertEquals(
                List.of("b", "a", "c"), r.stream().map(RescoredHypothesis::text).toList());
        assertEquals(
                List.of(-2.5, -4.0, -4.25),
                r.stream().map(RescoredHypothesis::total).toList());
        assertEquals(-1.5, r.get(0).originalScore());
        assertEquals(-1.0, r.get(0).rescore());
        List<RescoredHypothesis> w = new NbestReranker(1, 3)
                .rerank(List.of("a", "b"), new double[] {-1.0, -1.5}, new double[] {-2.0, -1.75});
        assertEquals(
                List.of(-6.75, -7.0), w.stream().map(RescoredHypothesis::total).toList());
    }

    @Test
    void weightZeroKeepsTheListsRanking() {
        List<String> texts = List.of("a", "b", "c", "d", "e");
        double[] list = {-0.5, -0.75, -0.75, -2.0, -3.0};
        double[] rescores = {-9.0, -0.1, -0.2, -0.3, -0.0};
        List<RescoredHypothesis> r = new NbestReranker(1, 0).rerank(texts, list, rescores);
        assertEquals(texts, r.stream().map(RescoredHypothesis::text).toList());
        assertEquals(
                "rescoring weights must be finite and >= 0, got -1.0 and 1.0",
                assertThrows(IllegalArgumentException.class, () -> new NbestReranker(-1, 1))
                        .getMessage());
    }
}
