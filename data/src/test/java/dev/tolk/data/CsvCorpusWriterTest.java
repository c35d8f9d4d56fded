package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCorpusWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesRfc4180AndReadsBackIdentically() throws IOException {
        Path p = dir.resolve("out.csv");
        List<SentencePair> pairs = List.of(
                SentencePair.of("Hello, world.", "Bonjour « monde »\u202f!"),
                SentencePair.of("He said \"hi\".", "two\nlines"),
                SentencePair.of(" padded ", "x"));
        CsvCorpusWriter.write(p, CorpusFormat.csv(), pairs);
        assertEquals(
                "source,target\n\"Hello, world.\",Bonjour « monde »\u202f!\n\"He said \"\"hi\"\".\",\"two\nlines\"\n"
                        + "\" padded \",x\n",
                Files.readString(p, StandardCharsets.UTF_8));
        List<SentencePair> back =
                CsvCorpusReader.of(CorpusFormat.csv()).readAll(p).pairs();
        assertEquals(
                pairs.stream().map(x -> x.source() + "|" + x.target()).toList(),
                back.stream().map(x -> x.source() + "|" + x.target()).toList());
    }

    @Test
    void randomTextRoundTripsThroughCsvAndQuotedTsv() {
        Random rng = new Random(7);
        String alphabet = "ab ,\"\t\n\r\u00a0\u202fé€\ud83d\ude00";
        for (CorpusFormat f : List.of(
                CorpusFormat.csv(),
                CorpusFormat.builder(CorpusFormat.Kind.TSV).quoting(true).build())) {
            List<SentencePair> pairs = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                pairs.add(SentencePair.of("s" + random(rng, alphabet), "t" + random(rng, alphabet)));
            }
            Path p = dir.resolve("r." + f.kind());
            CsvCorpusWriter.write(p, f, pairs);
            List<SentencePair> back = CsvCorpusReader.of(f).readAll(p).pairs();
            assertEquals(pairs.size(), back.size());
            for (int i = 0; i < pairs.size(); i++) {
                assertEquals(pairs.get(i).source(), back.get(i).source());
                assertEquals(pairs.get(i).target(), back.get(i).target());
            }
        }
    }

    private static String random(Random rng, String alphabet) {
        StringBuilder sb = new StringBuilder();
        int n = rng.nextInt(12);
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(alphabet.length());
            char c = alphabet.charAt(k);
            sb.append(c);
            if (Character.isHighSurrogate(c)) {
                sb.append(alphabet.charAt(k + 1));
            } else if (Character.isLowSurrogate(c)) {
                sb.setLength(sb.length() - 1);
            }
        }
        return sb.toString();
    }

    @Test
    void withoutCommitTheTargetIsUntouchedAndNoTemporaryFileRemains() throws IOException {
        Path p = dir.resolve("keep.csv");
        Files.writeString(p, "old content\n");
        try (CsvCorpusWriter w = CsvCorpusWriter.open(p, CorpusFormat.csv(), List.of("source", "target"))) {
            w.writeRow("a", "b");
            assertEquals(1, w.rows());
        }
        assertEquals("old content\n", Files.readString(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void commitReplacesTheTarget() throws IOException {
        Path p = dir.resolve("sub/new.tsv");
        try (CsvCorpusWriter w = CsvCorpusWriter.open(p, CorpusFormat.tsv(), List.of("source", "target"))) {
            w.writeRow("a", "b \"c\"");
            w.commit();
            assertThrows(IllegalStateException.class, () -> w.writeRow("x", "y"));
        }
        assertEquals("source\ttarget\na\tb \"c\"\n", Files.readString(p));
    }

    @Test
    void unquotedTsvRejectsTabsAndWidthIsChecked() {
        Path p = dir.resolve("bad.tsv");
        try (CsvCorpusWriter w = CsvCorpusWriter.open(p, CorpusFormat.tsv(), List.of("source", "target"))) {
            assertThrows(IllegalArgumentException.class, () -> w.writeRow("a\tb", "c"));
            assertThrows(IllegalArgumentException.class, () -> w.writeRow("a", "b", "c"));
        }
    }
}
