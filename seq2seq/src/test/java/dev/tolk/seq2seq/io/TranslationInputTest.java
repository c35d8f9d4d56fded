package dev.tolk.seq2seq.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.data.BadRow;
import dev.tolk.data.Column;
import dev.tolk.data.CorpusException;
import dev.tolk.data.CorpusFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationInputTest {
    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SourceRecord> text(String s) throws IOException {
        try (TranslationInput in = TranslationInput.text(bytes(s), "in.txt")) {
            return in.readAll();
        }
    }

    private static TranslationInput table(String s, CorpusFormat.Kind kind, boolean header, String column) {
        return TranslationInput.table(bytes(s), "c.csv", kind, header, Column.parse(column), r -> {});
    }

    @Test
    void textKeepsEmptyLinesAndToleratesCrlfAndBom() throws IOException {
        assertEquals(
                List.of(
                        new SourceRecord(0, 1, "Hallo Welt"),
                        new SourceRecord(1, 2, ""),
                        new SourceRecord(2, 3, "  "),
                        new SourceRecord(3, 4, "caf\u00e9\u00a0ok")),
                text("\uFEFFHallo Welt\r\n\r\n  \ncaf\u00e9\u00a0ok"));
        assertEquals(List.of(new SourceRecord(0, 1, "a"), new SourceRecord(1, 2, "")), text("a\n\n"));
        assertEquals(List.of(), text(""));
        assertEquals(List.of(new SourceRecord(0, 1, "")), text("\n"));
    }

    @Test
    void invalidUtf8IsReportedWithLineAndColumn() {
        byte[] latin1 = "ok\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
        CorpusException e = assertThrows(
                CorpusException.class,
                () -> TranslationInput.text(new ByteArrayInputStream(latin1), "in.txt")
                        .readAll());
        assertEquals(
                "in.txt:2:3: invalid UTF-8 (byte 0xEF); the file must be UTF-8: convert it (e.g. with iconv) or"
                        + " declare its encoding",
                e.getMessage());
    }

    @Test
    void csvColumnByNameWithQuotesAndEmbeddedNewlines() throws IOException {
        String csv =
                "source,target\r\n\"Two young, White males\",Zwei\r\n\"He said \"\"hi\"\"\nthen left\",x\r\n,empty\r\nlast,y";
        try (TranslationInput in = table(csv, CorpusFormat.Kind.CSV, true, "source")) {
            assertEquals(
                    List.of(
                            new SourceRecord(0, 2, "Two young, White males"),
                            new SourceRecord(1, 3, "He said \"hi\"\nthen left"),
                            new SourceRecord(2, 5, ""),
                            new SourceRecord(3, 6, "last")),
                    in.readAll());
        }
        try (TranslationInput in = table(csv, CorpusFormat.Kind.CSV, true, "1")) {
            assertEquals(
                    List.of("Zwei", "x", "empty", "y"),
                    in.readAll().stream().map(SourceRecord::text).toList());
        }
    }

    @Test
    void tsvHasNoQuotingAndHeaderlessIndexWorks() throws IOException {
        String tsv = "\"quoted\" text\tA\nplain\tB\n";
        try (TranslationInput in = table(tsv, CorpusFormat.Kind.TSV, false, "0")) {
            assertEquals(
                    List.of(new SourceRecord(0, 1, "\"quoted\" text"), new SourceRecord(1, 2, "plain")), in.readAll());
        }
    }

    @Test
    void csvErrorsAndSkippedRowsNameTheLine() throws IOException {
        CorpusException missing =
                assertThrows(CorpusException.class, () -> table("a,b\n1,2\n", CorpusFormat.Kind.CSV, true, "src"));
        assertEquals(
                "c.csv:1: no input column 'src' in the header [a, b]; choose the input column by name or index",
                missing.getMessage());
        List<BadRow> skipped = new ArrayList<>();
        try (TranslationInput in = TranslationInput.table(
                bytes("a,b\n1,2\n3\n\n4,5\n"), "c.csv", CorpusFormat.Kind.CSV, true, Column.named("b"), skipped::add)) {
            assertEquals(List.of(new SourceRecord(0, 2, "2"), new SourceRecord(1, 5, "5")), in.readAll());
        }
        assertEquals(
                List.of("c.csv:3: 1 field, expected 2", "c.csv:4: blank line"),
                skipped.stream().map(BadRow::toString).toList());
    }

    @Test
    void jsonLinesReadsAFieldAndKeepsBlankLines() throws IOException {
        String jl = "{\"id\":1,\"src\":\"Guten Tag\"}\n\n{\"src\":\"\"}\r\n";
        try (TranslationInput in = TranslationInput.jsonLines(bytes(jl), "in.jsonl", "src")) {
            assertEquals(
                    List.of(
                            new SourceRecord(0, 1, "Guten Tag"),
                            new SourceRecord(1, 2, ""),
                            new SourceRecord(2, 3, "")),
                    in.readAll());
        }
        CorpusException e = assertThrows(
                CorpusException.class,
                () -> TranslationInput.jsonLines(bytes("{\"src\":\"a\"}\n{\"text\":\"b\"}\n"), "in.jsonl", "src")
                        .readAll());
        assertEquals("in.jsonl:2: field \"src\" is missing; choose the field with the sentence", e.getMessage());
        CorpusException bad = assertThrows(
                CorpusException.class,
                () -> TranslationInput.jsonLines(bytes("{\"src\":\"a\"}\n{oops\n"), "in.jsonl", "src")
                        .readAll());
        assertEquals(true, bad.getMessage().startsWith("in.jsonl:2:2: not valid JSON"), bad.getMessage());
    }
}
