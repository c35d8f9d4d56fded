package dev.tolk.seq2seq.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.seq2seq.config.TableFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationInputTest {
    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SourceLine> text(String s) throws IOException {
        try (TranslationInput in = TranslationInput.text(bytes(s), "in.txt")) {
            return in.readAll();
        }
    }

    @Test
    void textKeepsEmptyLinesAndToleratesCrlfAndBom() throws IOException {
        assertEquals(
                List.of(
                        new SourceLine(1, "Hallo Welt"),
                        new SourceLine(2, ""),
                        new SourceLine(3, "  "),
                        new SourceLine(4, "caf\u00e9\u00a0ok")),
                text("\uFEFFHallo Welt\r\n\r\n  \ncaf\u00e9\u00a0ok"));
        assertEquals(List.of(new SourceLine(1, "a"), new SourceLine(2, "")), text("a\n\n"));
        assertEquals(List.of(), text(""));
        assertEquals(List.of(new SourceLine(1, "")), text("\n"));
    }

    @Test
    void invalidUtf8IsReportedWithLineAndByte() {
        byte[] latin1 = "ok\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
        TranslationInputException e = assertThrows(
                TranslationInputException.class,
                () -> TranslationInput.text(new ByteArrayInputStream(latin1), "in.txt")
                        .readAll());
        assertEquals(
                "in.txt:2: invalid UTF-8 (byte 0xef at byte 3 of the line); convert the input to UTF-8, e.g. iconv -f latin1 -t utf-8",
                e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void csvColumnByNameWithQuotesAndEmbeddedNewlines() throws IOException {
        String csv =
                "source,target\r\n\"Two young, White males\",Zwei\r\n\"He said \"\"hi\"\"\nthen left\",x\r\n,empty\r\nlast,y";
        try (TranslationInput in = TranslationInput.table(bytes(csv), "c.csv", TableFormat.CSV, true, "source")) {
            assertEquals(
                    List.of(
                            new SourceLine(2, "Two young, White males"),
                            new SourceLine(3, "He said \"hi\"\nthen left"),
                            new SourceLine(5, ""),
                            new SourceLine(6, "last")),
                    in.readAll());
        }
        try (TranslationInput in = TranslationInput.table(bytes(csv), "c.csv", TableFormat.CSV, true, "1")) {
            assertEquals(
                    List.of("Zwei", "x", "empty", "y"),
                    in.readAll().stream().map(SourceLine::text).toList());
        }
    }

    @Test
    void tsvHasNoQuotingAndHeaderlessIndexWorks() throws IOException {
        String tsv = "\"quoted\" text\tA\nplain\tB\n";
        try (TranslationInput in = TranslationInput.table(bytes(tsv), "t.tsv", TableFormat.TSV, false, "0")) {
            assertEquals(List.of(new SourceLine(1, "\"quoted\" text"), new SourceLine(2, "plain")), in.readAll());
        }
    }

    @Test
    void csvErrorsNameTheLine() throws IOException {
        TranslationInputException missing = assertThrows(
                TranslationInputException.class,
                () -> TranslationInput.table(bytes("a,b\n1,2\n"), "c.csv", TableFormat.CSV, true, "src"));
        assertEquals(
                "c.csv:1: no column 'src' in the header [a, b]; name one of these or give a 0-based index",
                missing.getMessage());
        try (TranslationInput in =
                TranslationInput.table(bytes("a,b\n1,2\n3\n"), "c.csv", TableFormat.CSV, true, "b")) {
            assertEquals("2", in.next().orElseThrow().text());
            TranslationInputException ragged = assertThrows(TranslationInputException.class, in::next);
            assertEquals(
                    "c.csv:3: the record has 1 field(s) but column 'b' is number 2; fix the row or choose another column",
                    ragged.getMessage());
        }
        byte[] bad = "a\n1\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        TranslationInputException enc = assertThrows(
                TranslationInputException.class,
                () -> TranslationInput.table(new ByteArrayInputStream(bad), "c.csv", TableFormat.CSV, true, "a")
                        .readAll());
        assertEquals(true, enc.getMessage().contains("invalid UTF-8"), enc.getMessage());
    }

    @Test
    void jsonLinesReadsAFieldAndKeepsBlankLines() throws IOException {
        String jl = "{\"id\":1,\"src\":\"Guten Tag\"}\n\n{\"src\":\"\"}\r\n";
        try (TranslationInput in = TranslationInput.jsonLines(bytes(jl), "in.jsonl", "src")) {
            assertEquals(
                    List.of(new SourceLine(1, "Guten Tag"), new SourceLine(2, ""), new SourceLine(3, "")),
                    in.readAll());
        }
        TranslationInputException e = assertThrows(
                TranslationInputException.class,
                () -> TranslationInput.jsonLines(bytes("{\"src\":\"a\"}\n{\"text\":\"b\"}\n"), "in.jsonl", "src")
                        .readAll());
        assertEquals("in.jsonl:2: field \"src\" is missing; choose the field with the sentence", e.getMessage());
        TranslationInputException bad = assertThrows(
                TranslationInputException.class,
                () -> TranslationInput.jsonLines(bytes("{oops\n"), "in.jsonl", "src")
                        .readAll());
        assertEquals(true, bad.getMessage().startsWith("in.jsonl:1: not valid JSON"));
    }
}
