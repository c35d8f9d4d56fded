package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextCursorTest {
    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<TextRecord> drain(TextCursor c) {
        List<TextRecord> out = new ArrayList<>();
        c.forEachRemaining(out::add);
        return out;
    }

    @Test
    void linesKeepEmptyLinesDropCrBeforeLfAndSkipTheBom() {
        List<TextRecord> r = drain(TextCursor.lines(bytes("\uFEFFa\r\n\nb\rc\nlast"), "in.txt"));
        assertEquals(
                List.of(
                        new TextRecord(1, "a"),
                        new TextRecord(2, ""),
                        new TextRecord(3, "b\rc"),
                        new TextRecord(4, "last")),
                r);
        assertEquals(List.of(), drain(TextCursor.lines(bytes(""), "e.txt")));
        assertEquals(List.of(new TextRecord(1, "")), drain(TextCursor.lines(bytes("\n"), "n.txt")));
    }

    @Test
    void invalidUtf8InALineIsLocatedAtItsLineAndColumn() {
        byte[] b = {'o', 'k', '\n', 'a', 'b', (byte) 0xE9, 'c', '\n'};
        TextCursor c = TextCursor.lines(new ByteArrayInputStream(b), "in.txt");
        assertEquals(new TextRecord(1, "ok"), c.next());
        CorpusException e = assertThrows(CorpusException.class, c::next);
        assertEquals(
                "in.txt:2:3: invalid UTF-8 (byte 0xE9); the file must be UTF-8: convert it (e.g. with iconv)"
                        + " or declare its encoding",
                e.getMessage());
    }

    @Test
    void readingGoesOnAfterALineWithBadBytes() {
        byte[] b = {'o', 'k', '\n', 'a', (byte) 0xE9, 'b', (byte) 0xFF, '\n', 'n', 'e', 'x', 't', '\n'};
        TextCursor c = TextCursor.lines(new ByteArrayInputStream(b), "in.txt");
        assertEquals(new TextRecord(1, "ok"), c.next());
        CorpusException e = assertThrows(CorpusException.class, c::next);
        assertEquals(2, e.line());
        assertEquals(new TextRecord(3, "next"), c.next());
        assertFalse(c.hasNext());
        assertEquals(3, c.report().rows());
    }

    @Test
    void aCsvColumnThatCannotGoOnPastBadBytesFailsAgainRatherThanEndingEarly() {
        byte[] b = "source\nok\nle caf\u00e9\nlost?\n".getBytes(StandardCharsets.ISO_8859_1);
        TextCursor c = TextCursor.column(
                new ByteArrayInputStream(b),
                "q.csv",
                CorpusFormat.csv(),
                Column.named("source"),
                BadRowPolicy.ERROR,
                r -> {});
        assertEquals(new TextRecord(2, "ok"), c.next());
        CorpusException first = assertThrows(CorpusException.class, c::hasNext);
        assertTrue(first.getMessage().startsWith("q.csv:3:7: invalid UTF-8"), first.getMessage());
        assertSame(first, assertThrows(CorpusException.class, c::hasNext), "not a silent end of input");
    }

    @Test
    void aColumnOfACsvFileWithRowsAtTheirLines() {
        String csv = "id,source\n1,\"two\nlines\"\n2,\n\n3,x,extra\n4,\"a,b\"\n";
        List<BadRow> warned = new ArrayList<>();
        TextCursor c = TextCursor.column(
                bytes(csv), "q.csv", CorpusFormat.csv(), Column.named("source"), BadRowPolicy.WARN, warned::add);
        assertEquals(
                List.of(new TextRecord(2, "two\nlines"), new TextRecord(4, ""), new TextRecord(7, "a,b")), drain(c));
        assertEquals(
                List.of("q.csv:5: blank line", "q.csv:6: 3 fields, expected 2"),
                warned.stream().map(BadRow::toString).toList());
        assertEquals(5, c.report().rows());
        assertEquals(2, c.report().skipped());
    }

    @Test
    void aMissingColumnNamesTheHeader() {
        CorpusException e = assertThrows(
                CorpusException.class,
                () -> TextCursor.column(
                        bytes("a,b\n1,2\n"),
                        "q.csv",
                        CorpusFormat.csv(),
                        Column.named("source"),
                        BadRowPolicy.ERROR,
                        r -> {}));
        assertEquals(
                "q.csv:1: no input column 'source' in the header [a, b]; choose the input column by name or index",
                e.getMessage());
    }

    /** The defect of the old translate reader: a bad byte on line 602 was reported at line 547, without a column. */
    @Test
    void invalidUtf8DeepInATsvColumnIsFoundAtItsLineAndColumn() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("source\ttarget\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 2; i < 602; i++) {
            b.writeBytes(("a longer sentence number " + i + " with some words\tx\n").getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes(new byte[] {'a', 'b', (byte) 0xFF, '\t', 'y', '\n'});
        CorpusFormat tsv = CorpusFormat.tsv();
        TextCursor c = TextCursor.column(
                new ByteArrayInputStream(b.toByteArray()),
                "in.tsv",
                tsv,
                Column.named("source"),
                BadRowPolicy.ERROR,
                r -> {});
        CorpusException e = assertThrows(CorpusException.class, () -> drain(c));
        assertEquals(602, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage().startsWith("in.tsv:602:3: invalid UTF-8 (byte 0xFF)"), e.getMessage());
    }
}
