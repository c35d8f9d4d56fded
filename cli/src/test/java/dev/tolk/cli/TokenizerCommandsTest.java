package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.tokenizer.BpeModel;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static void assertOk(CliRunner.Result r) {
        assertEquals(0, r.exit(), () -> "exit " + r.exit() + ", stderr: " + r.err());
    }

    private static void assertError(int exit, String fragment, CliRunner.Result r) {
        assertEquals(exit, r.exit(), () -> "stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().startsWith("tolk: ") && r.err().contains(fragment), r.err());
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r.err());
    }

    // ---- tokenize ----

    @Test
    void tokenizeStdinOneLinePerLine() {
        CliRunner.Result r =
                CliRunner.runWithInput("Hello, world!\n\nVa\u00A0! L'E\u0301TE\u0301\n", "tokenize", "--lowercase");
        assertOk(r);
        assertEquals("hello , world !\n\nva ! l'\u00E9t\u00E9\n", r.out());
    }

    @Test
    void tokenizePiecesAndCharAndJson() throws Exception {
        CliRunner.Result p = CliRunner.runWithInput("a  b\n", "tokenize", "--pieces");
        assertOk(p);
        assertEquals("▁a ▁▁b\n", p.out());
        CliRunner.Result c = CliRunner.runWithInput("ab c\n", "tokenize", "--tokenizer", "char", "--pieces");
        assertEquals("a b ▁ c\n", c.out());
        CliRunner.Result j = CliRunner.runWithInput("x\nHi there\n", "tokenize", "--json");
        assertOk(j);
        List<String> lines = j.out().lines().toList();
        assertEquals(2, lines.size());
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals(2, second.get("line").asInt());
        assertEquals("there", second.get("tokens").get(1).get("text").asText());
        assertEquals(3, second.get("tokens").get(1).get("start").asInt());
        assertEquals(8, second.get("tokens").get(1).get("end").asInt());
    }

    @Test
    void tokenizeCsvColumnByNameAndIndexWithQuotedFields() throws Exception {
        Path csv = write("c.csv", "source,target\r\n\"Hi, you\",\"Salut\u202F!\"\r\n\"say \"\"a\"\"\nnow\",x\r\n");
        CliRunner.Result byName = CliRunner.run("tokenize", csv.toString(), "--column", "target");
        assertOk(byName);
        assertEquals("Salut !\nx\n", byName.out());
        CliRunner.Result byIndex = CliRunner.run("tokenize", csv.toString(), "--column", "0");
        assertEquals("Hi , you\nsay \" a \" now\n", byIndex.out());
        Path tsv = write("t.tsv", "a\tb\nx y\tz\n");
        assertEquals(
                "z\n",
                CliRunner.run("tokenize", tsv.toString(), "--column", "b").out());
    }

    // ---- bad input ----

    @Test
    void invalidUtf8IsReportedWithFileLineAndColumn() throws Exception {
        Path f = dir.resolve("bad.txt");
        byte[] bytes = "ok line\nab\u00E9\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'x', 'y', (byte) 0xE9, 'z', '\n'}; // Latin-1 é
        byte[] all = new byte[bytes.length + bad.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length);
        System.arraycopy(bad, 0, all, bytes.length, bad.length);
        Files.write(f, all);
        CliRunner.Result r = CliRunner.run("stats", f.toString());
        assertError(1, f + ":3:3: invalid UTF-8 (byte 0xE9", r);
        assertFalse(r.out().contains("\uFFFD"));
    }

    /** Results are written to a temporary file beside the target and renamed on success only. */
    @Test
    void aFailedTokenizeLeavesTheOldOutputUntouched() throws Exception {
        Path bad = dir.resolve("bad-for-output.txt");
        Files.write(bad, new byte[] {'o', 'k', '\n', 'a', (byte) 0xE9, '\n'});
        Path out = dir.resolve("tokens.txt");
        Files.writeString(out, "yesterday's tokens\n");
        CliRunner.Result r = CliRunner.run("tokenize", bad.toString(), "-o", out.toString());
        assertError(1, bad + ":2:2: invalid UTF-8 (byte 0xE9", r);
        assertEquals("yesterday's tokens\n", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        Path good = dir.resolve("good-for-output.txt");
        Files.writeString(good, "Hello, world!\n");
        assertOk(CliRunner.run("tokenize", good.toString(), "-o", out.toString()));
        assertEquals("Hello , world !\n", Files.readString(out));
    }

    @Test
    void emptyFileMissingColumnAndBadOptionsAreClearErrors() throws Exception {
        Path empty = write("empty.txt", "");
        assertError(1, "empty", CliRunner.run("tokenize", empty.toString()));
        Path csv = write("c.csv", "source,target\nhello,salut\nonly-one\n");
        assertError(
                1,
                csv + ":1: no input column 'french' in the header [source, target]; choose the input column by name"
                        + " or index",
                CliRunner.run("stats", csv.toString(), "--column", "french"));
        // a short row is skipped with a warning, as 'tolk corpus check' counts it
        CliRunner.Result ragged = CliRunner.run("tokenize", csv.toString(), "--column", "target");
        assertOk(ragged);
        assertEquals("salut\n", ragged.out());
        assertEquals("tolk: warning: " + csv + ":3: 1 field, expected 2 (skipped)\n", ragged.err());
        assertError(2, "--column NAME|INDEX is required", CliRunner.run("stats", csv.toString()));
        assertError(
                1,
                csv + ":1: the input column is index 5 but the header has 2 fields",
                CliRunner.run("stats", csv.toString(), "--column", "5"));
        Path txt = write("a.txt", "a b\n");
        assertError(
                2,
                "--max-df must be a ratio in (0, 1], got 1.5",
                CliRunner.run("stopwords", txt.toString(), "--max-df", "1.5"));
        assertError(
                2,
                "--max-df must be a ratio in (0, 1], got 0.0",
                CliRunner.run("stopwords", txt.toString(), "--max-df", "0"));
        assertError(2, "--min-df must be >= 0, got -1", CliRunner.run("stopwords", txt.toString(), "--min-df", "-1"));
        assertError(2, "give at least one criterion", CliRunner.run("stopwords", txt.toString()));
        assertError(2, "--top must be >= 0", CliRunner.run("stats", txt.toString(), "--top", "-3"));
        assertError(2, "--min-freq must be >= 1", CliRunner.run("vocab", txt.toString(), "--min-freq", "0"));
        assertError(
                2,
                "--tokenizer bpe needs --bpe-model",
                CliRunner.run("tokenize", txt.toString(), "--tokenizer", "bpe"));
        assertError(
                2,
                "--tokenizer must be one of word, char, bpe",
                CliRunner.run("tokenize", txt.toString(), "--tokenizer", "x"));
        assertError(
                1,
                "no such file",
                CliRunner.run("stats", dir.resolve("missing.txt").toString()));
        Path unterminated = write("u.csv", "a,b\n\"open,x\n");
        assertError(
                1,
                unterminated + ":2:1: this quote opens a field that is never closed",
                CliRunner.run("stats", unterminated.toString(), "--column", "a"));
    }

    // ---- stats and stopwords ----

    @Test
    void statsTableAndJsonAreExact() throws Exception {
        Path f = write("d.txt", "the cat sat on the mat\nthe dog sat\na cat\n");
        CliRunner.Result t = CliRunner.run("stats", f.toString(), "--top", "3");
        assertOk(t);
        List<String> lines = t.out().lines().toList();
        assertEquals(f + ": 3 documents, 11 tokens, 7 distinct terms", lines.get(0));
        assertTrue(lines.get(2).matches("\\s+1\\s+the\\s+3\\s+2\\s+0\\.9183"), lines.get(2));
        assertEquals(5, lines.size());
        JsonNode j = JSON.readTree(
                CliRunner.run("stats", f.toString(), "--json", "--top", "0").out());
        assertEquals(3, j.get("documents").asInt());
        assertEquals(7, j.get("terms").size());
        JsonNode cat = j.get("terms").get(1);
        assertEquals("cat", cat.get("term").asText());
        assertEquals(2, cat.get("tf").asInt());
        assertEquals(2, cat.get("df").asInt());
        assertEquals(2, cat.get("rank").asInt());
        assertEquals(1.0, cat.get("entropy").asDouble(), 1e-9);
    }

    @Test
    void stopwordsByCriterionWithReasons() throws Exception {
        Path f = write("d.txt", "the cat sat on the mat\nthe dog sat\na cat\n");
        CliRunner.Result list = CliRunner.run("stopwords", f.toString(), "--max-df", "0.5", "--list");
        assertOk(list);
        assertEquals("the\ncat\nsat\n", list.out());
        assertEquals(
                "a\ndog\nmat\non\n",
                CliRunner.run("stopwords", f.toString(), "--min-df", "2", "--list")
                        .out());
        assertEquals(
                "the\ncat\n",
                CliRunner.run("stopwords", f.toString(), "--top-k", "2", "--list")
                        .out());
        assertEquals(
                "cat\nsat\n",
                CliRunner.run("stopwords", f.toString(), "--max-entropy", "0.95", "--list")
                        .out());
        assertEquals(
                "the\ncat\nsat\n",
                CliRunner.run("stopwords", f.toString(), "--max-df-count", "1", "--list")
                        .out());
        JsonNode j = JSON.readTree(CliRunner.run("stopwords", f.toString(), "--top-k", "1", "--max-df", "0.5", "--json")
                .out());
        JsonNode the = j.get("stopwords").get(0);
        assertEquals("the", the.get("term").asText());
        assertEquals("[\"max-df\",\"top-k\"]", the.get("reasons").toString());
        assertEquals(3, the.get("tf").asInt());
        CliRunner.Result table = CliRunner.run("stopwords", f.toString(), "--top-k", "1");
        assertTrue(table.out().contains("reasons") && table.out().contains("top-k"), table.out());
    }

    // ---- vocab and BPE ----

    @Test
    void vocabBuildsSavesAndLearnsBpe() throws Exception {
        Path f = write(
                "d.txt",
                "low low low low low\nlower lower\nnewest newest newest newest newest newest\n"
                        + "widest widest widest\n");
        CliRunner.Result stdout = CliRunner.run("vocab", f.toString(), "--max-size", "6");
        assertOk(stdout);
        Vocabulary v = Vocabulary.fromJson(stdout.out(), "stdout");
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "▁newest", "▁low"), v.tokens());

        Path vocab = dir.resolve("v.json");
        Path bpe = dir.resolve("bpe.json");
        CliRunner.Result r = CliRunner.run(
                "vocab", f.toString(), "--bpe", "14", "--bpe-model", bpe.toString(), "-o", vocab.toString(), "--json");
        assertOk(r);
        JsonNode summary = JSON.readTree(r.out());
        assertEquals(3, summary.get("bpe_merges").asInt());
        BpeModel model = BpeModel.load(bpe);
        assertEquals(3, model.merges().size());
        Vocabulary bv = Vocabulary.load(vocab);
        TextPipeline p = TextPipeline.bpe(dev.tolk.tokenizer.Normalizer.DEFAULT, model);
        for (String piece : p.pieces("lowest newest")) {
            assertTrue(bv.contains(piece), piece);
        }
        Path spec = dir.resolve("pipeline.json");
        assertOk(CliRunner.run(
                "vocab",
                f.toString(),
                "--tokenizer",
                "bpe",
                "--bpe-model",
                bpe.toString(),
                "--save-pipeline",
                spec.toString(),
                "-o",
                dir.resolve("v2.json").toString()));
        TextPipeline rebuilt = TextPipeline.fromJson(Files.readString(spec), spec.toString());
        assertEquals(p.pieces("lowest newer"), rebuilt.pieces("lowest newer"));
        assertEquals(model, rebuilt.spec().bpe());
        CliRunner.Result tok = CliRunner.runWithInput(
                "lowest\n", "tokenize", "--tokenizer", "bpe", "--bpe-model", bpe.toString(), "--pieces");
        assertOk(tok);
        assertEquals(String.join(" ", p.pieces("lowest")) + "\n", tok.out());
    }

    @Test
    void benchTokenizerPrintsJson() throws Exception {
        Path f = write("d.csv", "source,target\nHello there.,Bonjour\u202F!\n");
        CliRunner.Result r =
                CliRunner.run("bench", "tokenizer", f.toString(), "--warmup", "0", "--iterations", "1", "--json");
        assertOk(r);
        JsonNode j = JSON.readTree(r.out());
        assertEquals("tokenizer", j.get("benchmark").asText());
        assertEquals(2, j.get("documents").asInt(), "CSV read as raw lines without --column");
        assertTrue(j.get("word_tokenize_mb_per_s").asDouble() > 0);
        assertTrue(j.has("stats_s"));
        assertError(
                2, "--iterations must be >= 1", CliRunner.run("bench", "tokenizer", f.toString(), "--iterations", "0"));
    }
}
