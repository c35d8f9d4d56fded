package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCorpusReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static CorpusData read(Path p) {
        return CsvCorpusReader.of(CorpusFormat.csv()).readAll(p);
    }

    private static SentencePair pair(String s, String t, long line) {
        return new SentencePair(s, t, line);
    }

    @Test
    void quotedCommasAndDoubledQuotes() throws IOException {
        Path p = file(
                "q.csv",
                "source,target\n\"Hello, world.\",\"Bonjour, le monde.\"\n"
                        + "\"He said \"\"hi\"\".\",\"Il a dit « salut ».\"\nplain,simple\n");
        assertEquals(
                List.of(
                        pair("Hello, world.", "Bonjour, le monde.", 2),
                        pair("He said \"hi\".", "Il a dit « salut ».", 3),
                        pair("plain", "simple", 4)),
                read(p).pairs());
    }

    @Test
    void multiLineFieldsKeepTheFirstLineOfTheirRecord() throws IOException {
        Path p = file(
                "m.csv", "source,target\n\"two\nlines\",\"deux\r\nlignes\"\nnext,suivant\n\"a\n\nb\",c\nlast,dernier");
        CorpusData d = read(p);
        assertEquals(
                List.of(
                        pair("two\nlines", "deux\r\nlignes", 2),
                        pair("next", "suivant", 5),
                        pair("a\n\nb", "c", 6),
                        pair("last", "dernier", 9)),
                d.pairs());
        assertEquals(0, d.report().skipped());
    }

    @Test
    void byteOrderMarkIsSkippedSoTheHeaderMatches() throws IOException {
        byte[] body = "source,target\nA,B\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Path p = file("bom.csv", withBom);
        assertEquals(List.of(pair("A", "B", 2)), read(p).pairs());
        CorpusFormat strict =
                CorpusFormat.builder(CorpusFormat.Kind.CSV).allowBom(false).build();
        CorpusException e = assertThrows(
                CorpusException.class, () -> CsvCorpusReader.of(strict).readAll(p));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("byte order mark"), e.getMessage());
    }

    @Test
    void crlfLineEndingsAreNotPartOfFields() throws IOException {
        Path p = file("crlf.csv", "source,target\r\nGo.,Va !\r\nHi.,Salut !\r\n");
        assertEquals(List.of(pair("Go.", "Va !", 2), pair("Hi.", "Salut !", 3)), read(p).pairs());
    }

    @Test
    void tsvTreatsQuotesAsText() throws IOException {
        Path p = file("t.tsv", "source\ttarget\n\"Run!\"\t« Cours ! »\nsay \"hi\"\tdis \"salut\"\n");
        CorpusData d = CsvCorpusReader.of(CorpusFormat.tsv()).readAll(p);
        assertEquals(List.of(pair("\"Run!\"", "« Cours ! »", 2), pair("say \"hi\"", "dis \"salut\"", 3)), d.pairs());
    }

    @Test
    void tsvWithQuotingAndWithoutHeader() throws IOException {
        Path p = file("t.tsv", "\"a\tb\"\tc\nd\te\n");
        CorpusFormat f = CorpusFormat.builder(CorpusFormat.Kind.TSV)
                .header(false)
                .quoting(true)
                .build();
        assertEquals(
                List.of(pair("a\tb", "c", 1), pair("d", "e", 2)),
                CsvCorpusReader.of(f).readAll(p).pairs());
    }

    @Test
    void headerByNameInAnyOrderAndByIndex() throws IOException {
        Path p = file("h.csv", "id,fr,en\n1,Bonjour,Hello\n2,Merci,Thanks\n");
        CorpusFormat byName = CorpusFormat.builder(CorpusFormat.Kind.CSV)
                .source(Column.named("en"))
                .target(Column.named("fr"))
                .build();
        assertEquals(
                List.of(pair("Hello", "Bonjour", 2), pair("Thanks", "Merci", 3)),
                CsvCorpusReader.of(byName).readAll(p).pairs());
        CorpusFormat byIndex = CorpusFormat.builder(CorpusFormat.Kind.CSV)
                .source(Column.parse("2"))
                .target(Column.parse("1"))
                .build();
        assertEquals(
                List.of(pair("Hello", "Bonjour", 2), pair("Thanks", "Merci", 3)),
                CsvCorpusReader.of(byIndex).readAll(p).pairs());
    }

    @Test
    void missingHeaderColumnNamesTheHeader() throws IOException {
        Path p = file("h.csv", "en,fr\nHello,Bonjour\n");
        CorpusException e = assertThrows(CorpusException.class, () -> read(p));
        assertTrue(
                e.getMessage()
                        .endsWith("h.csv:1: no source column 'source' in the header [en, fr]; choose the"
                                + " source column by name or index"),
                e.getMessage());
    }

    @Test
    void noHeaderTakesTheFirstTwoColumns() throws IOException {
        Path p = file("n.csv", "Hello,Bonjour\nThanks,Merci\n");
        CorpusFormat f =
                CorpusFormat.builder(CorpusFormat.Kind.CSV).header(false).build();
        assertEquals(
                List.of(pair("Hello", "Bonjour", 1), pair("Thanks", "Merci", 2)),
                CsvCorpusReader.of(f).readAll(p).pairs());
    }

    @Test
    void raggedRowsAndBlankLinesAreSkippedAndReportedWithTheirLines() throws IOException {
        Path p = file("train.csv", "source,target\na,A\nb,B,extra\nc\n\nd,D\n\"e,\",E\n");
        CorpusData d = read(p);
        assertEquals(List.of(pair("a", "A", 2), pair("d", "D", 6), pair("e,", "E", 7)), d.pairs());
        CorpusReport r = d.report();
        assertEquals(6, r.rows());
        assertEquals(3, r.pairs());
        assertEquals(3, r.skipped());
        assertEquals(List.of(3L), r.firstLines(BadRowReason.TOO_MANY_FIELDS));
        assertEquals(List.of(4L), r.firstLines(BadRowReason.TOO_FEW_FIELDS));
        assertEquals(List.of(5L), r.firstLines(BadRowReason.BLANK_LINE));
        assertTrue(r.summaryLine("see --bad-rows=error")
                .orElseThrow()
                .endsWith("train.csv:3: 3 fields, expected 2 (skipped; 3 rows skipped in all, see --bad-rows=error)"));
        assertEquals(
                List.of(
                        "blank lines: 1 (line 5)",
                        "rows with too few fields: 1 (line 4)",
                        "rows with too many fields: 1 (line 3)"),
                r.breakdown());
    }

    @Test
    void checkReportsAsReadingAllDoes() throws IOException {
        Path p = file("train.csv", "source,target\na,A\nb,B,extra\nc\n\nd,D\n\"e,\",E\n");
        CorpusReport all = read(p).report();
        CorpusReport checked = CsvCorpusReader.of(CorpusFormat.csv()).check(p);
        assertEquals(all.rows(), checked.rows());
        assertEquals(3, checked.pairs());
        assertEquals(3, checked.skipped());
        assertEquals(all.counts(), checked.counts());
        assertEquals(all.breakdown(), checked.breakdown());
        CorpusException e = assertThrows(
                CorpusException.class,
                () -> new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, BadRowPolicy.ERROR).check(p));
        assertEquals(3, e.line());
        assertTrue(e.badRow().isPresent());
    }

    @Test
    void aPairWithOneEmptySideIsDroppedWholeAndLaterPairsStayAligned() throws IOException {
        Path p = file("e.csv", "source,target\none,un\ntwo,\n,trois\n \u00a0,\u202f\nfour,quatre\nfive,cinq\n");
        CorpusData d = read(p);
        assertEquals(List.of(pair("one", "un", 2), pair("four", "quatre", 6), pair("five", "cinq", 7)), d.pairs());
        assertEquals(1, d.report().count(BadRowReason.EMPTY_TARGET));
        assertEquals(1, d.report().count(BadRowReason.EMPTY_SOURCE));
        assertEquals(1, d.report().count(BadRowReason.EMPTY_PAIR));
        assertEquals(
                "e.csv",
                Path.of(d.report().firstBadRow().orElseThrow().file())
                        .getFileName()
                        .toString());
        assertEquals(
                "empty target ('target')",
                d.report().firstBadRow().orElseThrow().detail());
    }

    @Test
    void invalidUtf8ReportsLineAndColumnUnderEveryPolicy() throws IOException {
        byte[] head = "source,target\nok,bien\nCaf".getBytes(StandardCharsets.UTF_8);
        byte[] tail = ",Caf\u00e9\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xE9;
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Path p = file("latin1.csv", all);
        for (BadRowPolicy policy : BadRowPolicy.values()) {
            CsvCorpusReader r = new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, policy);
            CorpusException e = assertThrows(CorpusException.class, () -> r.readAll(p));
            assertEquals(3, e.line());
            assertEquals(4, e.column());
            assertTrue(
                    e.getMessage()
                            .endsWith("latin1.csv:3:4: invalid UTF-8 (byte 0xE9); the file must be UTF-8:"
                                    + " convert it (e.g. with iconv) or declare its encoding"),
                    e.getMessage());
        }
    }

    @Test
    void invalidUtf8DeepInALargeFileIsFoundAtItsLine() throws IOException {
        StringBuilder sb = new StringBuilder("source,target\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append("source sentence ")
                    .append(i)
                    .append(",phrase cible ")
                    .append(i)
                    .append('\n');
        }
        byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[good.length + 4];
        System.arraycopy(good, 0, all, 0, good.length);
        all[good.length] = 'x';
        all[good.length + 1] = ',';
        all[good.length + 2] = (byte) 0xC3;
        all[good.length + 3] = '\n';
        Path p = file("big.csv", all);
        CorpusException e = assertThrows(CorpusException.class, () -> read(p));
        assertEquals(20_002, e.line());
        assertEquals(3, e.column());
    }

    @Test
    void skipPolicyCountsWarnPolicyCountsErrorPolicyStopsAtTheFirst() throws IOException {
        Path p = file("train.csv", "source,target\na,A\nb,B,x\nc,C\n,D\ne,E\n");
        for (BadRowPolicy policy : List.of(BadRowPolicy.SKIP, BadRowPolicy.WARN)) {
            CorpusData d = new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, policy).readAll(p);
            assertEquals(
                    List.of("a", "c", "e"),
                    d.pairs().stream().map(SentencePair::source).toList());
            assertEquals(2, d.report().skipped());
        }
        CsvCorpusReader strict = new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, BadRowPolicy.ERROR);
        CorpusException e = assertThrows(CorpusException.class, () -> strict.readAll(p));
        assertEquals(3, e.line());
        assertEquals(BadRowReason.TOO_MANY_FIELDS, e.badRow().orElseThrow().reason());
        assertTrue(e.getMessage().endsWith("train.csv:3: 3 fields, expected 2"), e.getMessage());
        try (CorpusCursor c = strict.open(p)) {
            assertEquals(pair("a", "A", 2), c.next());
            assertThrows(CorpusException.class, c::hasNext);
        }
    }

    @Test
    void lengthLimitsRatioAndDuplicates() throws IOException {
        Path p = file(
                "l.csv",
                "source,target\n"
                        + "a b c,x y z\n"
                        + "a b c d e f,x\n"
                        + "one two three four five six seven,un deux trois quatre cinq six sept\n"
                        + "a b c,x y z\n"
                        + "va\u202f!,go !\n");
        PairFilter f = PairFilter.builder()
                .maxTokens(6)
                .maxLengthRatio(3)
                .dropDuplicates(true)
                .build();
        CorpusData d = new CsvCorpusReader(CorpusFormat.csv(), f, BadRowPolicy.SKIP).readAll(p);
        assertEquals(List.of(pair("a b c", "x y z", 2), pair("va\u202f!", "go !", 6)), d.pairs());
        assertEquals(List.of(3L), d.report().firstLines(BadRowReason.LENGTH_RATIO));
        assertEquals(List.of(4L), d.report().firstLines(BadRowReason.TOO_LONG));
        assertEquals(List.of(5L), d.report().firstLines(BadRowReason.DUPLICATE));
        CsvCorpusReader strict = new CsvCorpusReader(CorpusFormat.csv(), f, BadRowPolicy.ERROR);
        CorpusException e = assertThrows(CorpusException.class, () -> strict.readAll(p));
        assertTrue(
                e.getMessage()
                        .endsWith("l.csv:3: length ratio 6.00 (source 6 tokens, target 1) is above the" + " maximum 3"),
                e.getMessage());
    }

    @Test
    void aCustomTokenCounterDecidesTheLimits() throws IOException {
        Path p = file("c.csv", "source,target\nabcdef,xy\nab,xy\n");
        PairFilter chars =
                PairFilter.builder().maxTokens(4).tokenCounter(String::length).build();
        CorpusData d = new CsvCorpusReader(CorpusFormat.csv(), chars, BadRowPolicy.SKIP).readAll(p);
        assertEquals(List.of(pair("ab", "xy", 3)), d.pairs());
        assertEquals(1, d.report().count(BadRowReason.TOO_LONG));
    }

    @Test
    void unclosedQuoteIsAnErrorAtTheQuoteUnderEveryPolicy() throws IOException {
        Path p = file("u.csv", "source,target\na,A\nb,\"x\"\"y,B\nc,C\n");
        for (BadRowPolicy policy : BadRowPolicy.values()) {
            CsvCorpusReader r = new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, policy);
            CorpusException e = assertThrows(CorpusException.class, () -> r.readAll(p));
            assertEquals(3, e.line());
            assertEquals(3, e.column(), "the quote opening the field, after 'b,'");
            assertTrue(
                    e.getMessage()
                            .endsWith("u.csv:3:3: this quote opens a field that is never closed before the"
                                    + " end of the file (the closing quote is missing); close the quote, or double quotes"
                                    + " inside the field (\"\")"),
                    e.getMessage());
        }
    }

    @Test
    void unclosedQuoteAfterAMultiLineRecordIsFoundOnItsOwnLine() throws IOException {
        // the record before spans lines 2-3; the open quote is the second field of line 4
        Path p = file("u.csv", "source,target\n\"a\nA\",\"x\"\n\"ok\",\"open\nmore\n");
        CorpusException e = assertThrows(CorpusException.class, () -> read(p));
        assertEquals(4, e.line());
        assertEquals(6, e.column());
    }

    @Test
    void textAfterAClosingQuoteIsAnErrorAtThatCharacter() throws IOException {
        Path p = file("x.csv", "source,target\na,A\n\"b\"c,B\n");
        CorpusException e = assertThrows(CorpusException.class, () -> read(p));
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertTrue(e.reason().contains("must be doubled"), e.getMessage());
    }

    @Test
    void aStrayCarriageReturnInAnUnquotedFieldIsOneBadRowNotAnInventedPair() throws IOException {
        // "Hello\rWorld": commons-csv ends the record at the CR; the rest must not become a pair of its own
        Path p = file("cr.csv", "source,target\none,un\nHello\rWorld,Bonjour\ntwo,deux\n\"in\rquotes\",ok\r\n");
        CorpusData d = read(p);
        assertEquals(List.of(pair("one", "un", 2), pair("two", "deux", 4), pair("in\rquotes", "ok", 5)), d.pairs());
        assertEquals(4, d.report().rows());
        assertEquals(List.of(3L), d.report().firstLines(BadRowReason.STRAY_CARRIAGE_RETURN));
        assertEquals(
                "cr.csv:3: a carriage return (CR) without a line feed at column 6 ends the record inside a field;"
                        + " remove it (e.g. tr -d '\\r') or quote the field",
                d.report()
                        .firstBadRow()
                        .orElseThrow()
                        .toString()
                        .substring(dir.toString().length() + 1));
        CsvCorpusReader strict = new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, BadRowPolicy.ERROR);
        CorpusException e = assertThrows(CorpusException.class, () -> strict.readAll(p));
        assertEquals(
                BadRowReason.STRAY_CARRIAGE_RETURN, e.badRow().orElseThrow().reason());
    }

    @Test
    void aHeaderEndedByACarriageReturnAloneIsAnError() throws IOException {
        Path p = file("mac.csv", "source,target\ra,b\rc,d\r");
        CorpusException e = assertThrows(CorpusException.class, () -> read(p));
        assertEquals(1, e.line());
        assertEquals(14, e.column());
        assertTrue(e.reason().contains("old Mac line ends"), e.getMessage());
    }

    @Test
    void aDirectoryIsAReadErrorNamingIt() {
        CorpusException e = assertThrows(CorpusException.class, () -> read(dir));
        assertTrue(e.getMessage().startsWith(dir + ":1:1: read error: "), e.getMessage());
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void missingFileEmptyFileAndHeaderOnly() throws IOException {
        CorpusException e = assertThrows(CorpusException.class, () -> read(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().endsWith("nope.csv: no such file"), e.getMessage());
        CorpusException empty = assertThrows(CorpusException.class, () -> read(file("empty.csv", "")));
        assertTrue(empty.getMessage().contains("empty but a header row is expected"), empty.getMessage());
        CorpusData headerOnly = read(file("h.csv", "source,target\n"));
        assertEquals(List.of(), headerOnly.pairs());
        assertEquals(0, headerOnly.report().rows());
    }

    @Test
    void streamingAndStandardInput() throws IOException {
        Path p = file("s.csv", "source,target\na,A\nb,B\nc,C\n");
        try (Stream<SentencePair> s = CsvCorpusReader.of(CorpusFormat.csv()).stream(p)) {
            assertEquals(List.of("A", "B", "C"), s.map(SentencePair::target).toList());
        }
        CorpusData d = CsvCorpusReader.of(CorpusFormat.csv())
                .readAll(new ByteArrayInputStream("source,target\nx,y\n".getBytes(StandardCharsets.UTF_8)), "<stdin>");
        assertEquals(List.of(pair("x", "y", 2)), d.pairs());
        try (CorpusCursor c = CsvCorpusReader.of(CorpusFormat.csv()).open(p)) {
            c.next();
            assertEquals(1, c.report().pairs());
            c.next();
            c.next();
            assertFalse(c.hasNext());
            assertEquals(3, c.report().pairs());
        }
    }

    @Test
    void formatValidation() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CorpusFormat.builder(CorpusFormat.Kind.CSV)
                        .header(false)
                        .source(Column.named("en"))
                        .build());
        assertTrue(e.getMessage().contains("'en' is chosen by name but the format has no header"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> CorpusFormat.builder(CorpusFormat.Kind.CSV)
                        .source(Column.at(0))
                        .target(Column.at(0))
                        .build());
        assertThrows(IllegalArgumentException.class, () -> Column.parse("99999999999"));
        assertEquals(Column.at(0), Column.parse("0"));
        assertEquals(Column.at(2), Column.parse("2"));
        assertEquals(Column.named("fr"), Column.parse("fr"));
        assertEquals(CorpusFormat.Kind.TSV, CorpusFormat.kindOf(Path.of("a/b.TSV")));
        assertEquals(CorpusFormat.Kind.CSV, CorpusFormat.kindOf(Path.of("a/b.csv")));
        assertThrows(
                IllegalArgumentException.class,
                () -> PairFilter.builder().maxTokens(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> PairFilter.builder().maxLengthRatio(0.5).build());
    }
}
