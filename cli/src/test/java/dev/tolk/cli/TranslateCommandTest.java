package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.synthetic.SyntheticCorpus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tolk train} and {@code tolk translate} in-process on a tiny synthetic corpus: the summary, line
 * alignment (empty lines included), output formats, bad rows, usage errors and damaged model files.
 */
class TranslateCommandTest {
    @TempDir
    static Path dir;

    static Path model;
    static CliRunner.Result trained;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(400)
                .validPairs(20)
                .testPairs(20)
                .build()
                .write(dir);
        // one ragged row in the training file, skipped and reported
        Path train = dir.resolve("train.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(train));
        lines.add(3, "one,two,three");
        Files.write(train, lines);
        model = dir.resolve("model");
        trained = CliRunner.run(
                "train",
                "--train",
                train.toString(),
                "--valid",
                dir.resolve("valid.csv").toString(),
                "--model-dir",
                model.toString(),
                "--json",
                "--set",
                "data.tokenizer=word",
                "--set",
                "model.embedding_size=16",
                "--set",
                "model.hidden_size=24",
                "--set",
                "train.max_steps=30",
                "--set",
                "train.validate_every=15",
                "--set",
                "train.checkpoint_every=15",
                "--set",
                "train.batch_tokens=600",
                "--set",
                "decode.beam_size=2");
    }

    @Test
    void trainPrintsASummaryAndReportsBadRows() throws Exception {
        assertEquals(0, trained.exit(), trained.err());
        JsonNode j = new ObjectMapper().readTree(trained.out());
        assertEquals(30, j.get("steps").asInt());
        assertEquals("max_steps", j.get("stop_reason").asText());
        assertTrue(j.get("best").get("ppl").asDouble() > 1);
        assertTrue(Files.exists(model.resolve("model.tolk")));
        assertTrue(Files.exists(model.resolve("config.yaml")));
        assertTrue(
                trained.err()
                        .contains("train.csv:4: 3 fields, expected 2 (skipped; 1 row skipped in all, see "
                                + "--bad-rows=error)"),
                trained.err());
        assertTrue(trained.err().contains("validation at step 15: ppl "), trained.err());
    }

    @Test
    void evalPplScoresACorpusAsTheValidationDid() throws Exception {
        // the best model's validation perplexity, recomputed from the model file on the same corpus
        double best = Double.NaN;
        for (String line : Files.readAllLines(model.resolve("validation.jsonl"))) {
            JsonNode v = new ObjectMapper().readTree(line);
            if (v.get("best").asBoolean()) {
                best = v.get("metrics").get("ppl").asDouble();
            }
        }
        CliRunner.Result r = CliRunner.run(
                "eval",
                "ppl",
                "--model",
                model.toString(),
                "--corpus",
                dir.resolve("valid.csv").toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(best, j.get("perplexity").asDouble(), 1e-6 * best);
        assertEquals(20, j.get("sentences").asInt());
        assertTrue(j.get("tokens").asLong() > 20, r.out());
        r = CliRunner.run("eval", "ppl", "--model", model.toString());
        assertEquals(2, r.exit());
        assertEquals("tolk: give either --model and --corpus (score a corpus) or --nll and --tokens\n", r.err());
    }

    @Test
    void resumeContinuesTheRunAndRefusesToStartOver() throws Exception {
        Path copy = dir.resolve("resume");
        CliRunner.Result first = CliRunner.run(
                "train",
                "--train",
                dir.resolve("valid.csv").toString(),
                "--valid",
                dir.resolve("valid.csv").toString(),
                "--model-dir",
                copy.toString(),
                "--set",
                "data.tokenizer=char",
                "--set",
                "model.embedding_size=8",
                "--set",
                "model.hidden_size=8",
                "--set",
                "train.max_steps=4",
                "--set",
                "train.checkpoint_every=2",
                "--set",
                "train.batch_tokens=400");
        assertEquals(0, first.exit(), first.err());
        CliRunner.Result again = CliRunner.run(
                "train",
                "--train",
                dir.resolve("valid.csv").toString(),
                "--valid",
                dir.resolve("valid.csv").toString(),
                "--model-dir",
                copy.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("pass --resume to continue it"), again.err());
        CliRunner.Result resumed = CliRunner.run(
                "train", "--resume", "--model-dir", copy.toString(), "--set", "train.max_steps=6", "--json");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(6, new ObjectMapper().readTree(resumed.out()).get("steps").asInt());
        assertTrue(resumed.err().contains("resuming from the checkpoint at step 4"), resumed.err());
    }

    @Test
    void oneOutputLinePerInputLineEmptyLinesIncluded() {
        String input = "the cat sleeps .\n\nthe dogs are big .\n   \nthree small birds eat .\n";
        for (String beam : new String[] {"1", "2"}) {
            CliRunner.Result r =
                    CliRunner.runWithInput(input, "translate", "--model", model.toString(), "--beam", beam);
            assertEquals(0, r.exit(), r.err());
            String[] out = r.out().split("\n", -1);
            assertEquals(6, out.length, r.out());
            assertEquals("", out[5]);
            assertEquals("", out[1]);
            assertEquals("", out[3]);
            assertFalse(out[0].isBlank());
            assertFalse(out[2].isBlank());
        }
    }

    @Test
    void csvInAndJsonLinesOutWithNbest() throws Exception {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "id,source\n1,the cat sleeps .\n2,\n");
        CliRunner.Result r = CliRunner.run(
                "translate",
                "--model",
                model.resolve("model.tolk").toString(),
                "--input",
                in.toString(),
                "--input-format",
                "csv",
                "--format",
                "jsonl",
                "--beam",
                "3",
                "--nbest",
                "2");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals("the cat sleeps .", first.get("source").asText());
        assertEquals(2, first.get("nbest").size());
        assertEquals(
                first.get("translation").asText(),
                first.get("nbest").get(0).get("translation").asText());
        assertEquals(
                "", new ObjectMapper().readTree(lines[1]).get("translation").asText());
        CliRunner.Result a = CliRunner.runWithInput(
                "the cat sleeps .\n", "translate", "--model", model.toString(), "--format", "jsonl", "--attention");
        assertEquals(0, a.exit(), a.err());
        JsonNode att = new ObjectMapper().readTree(a.out());
        assertTrue(att.has("attention"), a.out());
        assertEquals(
                CliRunner.runWithInput(
                                "the cat sleeps .\n",
                                "translate",
                                "--model",
                                model.toString(),
                                "--format",
                                "text",
                                "--attention")
                        .exit(),
                2);
    }

    @Test
    void theLengthPenaltyDividesTheScoreAsGnmtDoes() throws Exception {
        double[] scores = new double[2];
        String[] translations = new String[2];
        String[] alphas = {"0", "1.5"};
        for (int i = 0; i < 2; i++) {
            CliRunner.Result r = CliRunner.runWithInput(
                    "the cat sleeps .\n",
                    "translate",
                    "--model",
                    model.toString(),
                    "--beam",
                    "1",
                    "--format",
                    "jsonl",
                    "--length-penalty",
                    alphas[i]);
            assertEquals(0, r.exit(), r.err());
            JsonNode line = new ObjectMapper().readTree(r.out());
            scores[i] = line.get("score").asDouble();
            translations[i] = line.get("translation").asText();
        }
        assertEquals(translations[0], translations[1], "greedy search does not rank, so the output is the same");
        // greedy stops at end-of-sentence here: the length counts the words and the end symbol
        int n = translations[0].split(" ").length + 1;
        assertEquals(scores[0] / Math.pow((5.0 + n) / 6.0, 1.5), scores[1], 1e-4 * Math.abs(scores[1]));
        assertTrue(scores[0] < 0, "raw log-probability: " + scores[0]);
        CliRunner.Result bad = CliRunner.run("translate", "--model", model.toString(), "--length-penalty", "6");
        assertEquals(2, bad.exit());
        assertEquals("tolk: --length-penalty must be in [0.0, 5.0], got 6.0\n", bad.err());
    }

    @Test
    void usageErrorsNameTheOption() {
        CliRunner.Result r = CliRunner.run("translate", "--model", model.toString(), "--beam", "0");
        assertEquals(2, r.exit());
        assertEquals("tolk: --beam must be in [1, 1000], got 0\n", r.err());
        r = CliRunner.run("translate", "--model", model.toString(), "--beam", "2", "--nbest", "3");
        assertEquals(2, r.exit());
        assertEquals("tolk: --nbest must be in [1, 2], got 3\n", r.err());
        r = CliRunner.run("translate", "--model", model.toString(), "--format", "xml");
        assertEquals(2, r.exit());
        assertTrue(
                r.err()
                        .startsWith(
                                "tolk: Invalid value for option '--format': expected one of [text, csv, tsv, jsonl]"),
                r.err());
        r = CliRunner.run("translate", "--model", model.toString(), "--threads", "-1");
        assertEquals(2, r.exit());
        assertEquals("tolk: --threads must be in [0, 1024] (0 = all cores), got -1\n", r.err());
        r = CliRunner.run("train", "--train", "a.csv", "--valid", "b.csv", "--bad-rows", "maybe");
        assertEquals(2, r.exit());
        assertEquals("tolk: --bad-rows must be skip, warn or error, got 'maybe'\n", r.err());
        r = CliRunner.run("train", "--train", "a.csv", "--valid", "b.csv", "--set", "model.cell=transformer");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("tolk: ") && r.err().contains("model.cell"), r.err());
    }

    @Test
    void damagedModelFilesAreRejectedWithOneLine() throws Exception {
        byte[] good = Files.readAllBytes(model.resolve("model.tolk"));
        Path corrupt = dir.resolve("corrupt.tolk");
        byte[] c = good.clone();
        c[c.length - 100] ^= 0x40;
        Files.write(corrupt, c);
        Path truncated = dir.resolve("truncated.tolk");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        Path version = dir.resolve("version.tolk");
        byte[] v = good.clone();
        ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99);
        Files.write(version, v);
        Path notModel = dir.resolve("notmodel.tolk");
        Files.writeString(notModel, "hello", StandardCharsets.UTF_8);
        for (Path p : List.of(corrupt, truncated, version, notModel, dir.resolve("missing.tolk"))) {
            CliRunner.Result r = CliRunner.runWithInput("the cat sleeps .\n", "translate", "--model", p.toString());
            assertEquals(1, r.exit(), p + ": " + r.err());
            assertEquals("", r.out());
            String[] lines = r.err().split("\n");
            assertEquals(1, lines.length, r.err());
            assertTrue(
                    lines[0].startsWith("tolk: ")
                            && lines[0].contains(p.getFileName().toString()),
                    r.err());
        }
        assertTrue(
                CliRunner.run("translate", "--model", version.toString()).err().contains("version"));
    }

    // ---- issue 13: never destroy the user's files, say what failed and where ----

    @Test
    void theInputAsOutputIsRefusedAlsoThroughALink() throws Exception {
        Path in = dir.resolve("same.txt");
        Files.writeString(in, "the cat sleeps .\n");
        Path link = dir.resolve("same-link.txt");
        Files.createSymbolicLink(link, in);
        for (Path out : List.of(in, link)) {
            CliRunner.Result r = CliRunner.run(
                    "translate", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().startsWith("tolk: --output " + out + " is the input file " + in), r.err());
            assertEquals("the cat sleeps .\n", Files.readString(in), "the input survives");
        }
    }

    @Test
    void aFailedRunLeavesTheOldOutputUntouched() throws Exception {
        Path out = dir.resolve("old-output.txt");
        Files.writeString(out, "yesterday's translations\n");
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'t', 'h', 'e', '\n', 'c', 'a', (byte) 0xE9, '\n'});
        CliRunner.Result r = CliRunner.run(
                "translate", "--model", model.toString(), "--input", bad.toString(), "--output", out.toString());
        assertEquals(1, r.exit());
        assertEquals(
                "tolk: " + bad + ":2:3: invalid UTF-8 (byte 0xE9); the file must be UTF-8: convert it (e.g. with"
                        + " iconv) or declare its encoding\n",
                r.err());
        assertEquals("yesterday's translations\n", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        Path good = dir.resolve("good.txt");
        Files.writeString(good, "the cat sleeps .\n\n");
        assertEquals(
                0,
                CliRunner.run(
                                "translate",
                                "--model",
                                model.toString(),
                                "--input",
                                good.toString(),
                                "-o",
                                out.toString())
                        .exit());
        assertEquals(2, Files.readAllLines(out).size());
    }

    @Test
    void aFullDiskNamesTheOutputFile() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")));
        CliRunner.Result r = CliRunner.runWithInput(
                "the cat sleeps .\n".repeat(2000), "translate", "--model", model.toString(), "--output", "/dev/full");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("tolk: /dev/full: ") && r.err().contains("No space left on device"), r.err());
    }

    @Test
    void aNonFiniteModelAndAPipeAreRefusedInOneLine() throws Exception {
        Path fifo = dir.resolve("model-fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
        CliRunner.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60),
                () -> CliRunner.runWithInput("a\n", "translate", "--model", fifo.toString()));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("not a regular file"), r.err());
    }

    @Test
    void brokenQuotesAndStrayCarriageReturnsAreLocated() throws Exception {
        Path q = dir.resolve("quotes.csv");
        Files.writeString(q, "id,source\n1,the cat\n2,\"the dog\n");
        CliRunner.Result r = CliRunner.run("translate", "--model", model.toString(), "--input", q.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("tolk: " + q + ":3:3: this quote opens a field that is never closed"), r.err());
        Path cr = dir.resolve("cr.csv");
        Files.writeString(cr, "id,source\n1,the cat\rsleeps\n2,the dog\n");
        r = CliRunner.run("translate", "--model", model.toString(), "--input", cr.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), "the split row is skipped, not translated twice: " + r.out());
        assertEquals(
                "tolk: warning: " + cr + ":2: a carriage return (CR) without a line feed at column 10 ends the"
                        + " record inside a field; remove it (e.g. tr -d '\\r') or quote the field (skipped)\n",
                r.err());
    }

    /** The case: a bad byte on line 602 was reported at line 547 without a column (read-ahead). */
    @Test
    void invalidUtf8DeepInACsvOrTsvInputIsAtItsLineAndColumn() throws Exception {
        for (String ext : List.of("csv", "tsv")) {
            String sep = ext.equals("csv") ? "," : "\t";
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.write(("id" + sep + "source\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 2; i < 602; i++) {
                b.write((i + sep + "the cat sleeps .\n").getBytes(StandardCharsets.UTF_8));
            }
            b.write(new byte[] {'7', (byte) sep.charAt(0), (byte) 0xE9, 'a', '\n'});
            b.write(("603" + sep + "the dog sleeps .\n").getBytes(StandardCharsets.UTF_8));
            Path in = dir.resolve("deep." + ext);
            Files.write(in, b.toByteArray());
            CliRunner.Result r = CliRunner.run(
                    "translate", "--model", model.toString(), "--input", in.toString(), "--input-format", ext);
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().startsWith("tolk: " + in + ":602:3: invalid UTF-8 (byte 0xE9)"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void aDirectoryAsInputOrOutputIsNamed() throws Exception {
        Path d = Files.createDirectories(dir.resolve("a-directory"));
        CliRunner.Result in = CliRunner.run("translate", "--model", model.toString(), "--input", d.toString());
        assertEquals(1, in.exit(), in.err());
        assertTrue(in.err().startsWith("tolk: " + d), in.err());
        assertEquals(1, in.err().lines().count(), in.err());
        CliRunner.Result out = CliRunner.runWithInput(
                "the cat sleeps .\n", "translate", "--model", model.toString(), "--output", d.toString());
        assertEquals(1, out.exit(), out.err());
        assertTrue(out.err().startsWith("tolk: " + d), out.err());
        assertEquals(1, out.err().lines().count(), out.err());
    }

    // ---- issue 15: translation without surprises ----

    @Test
    void aCsvFileIsReadAsCsvByItsExtension() throws Exception {
        Path in = dir.resolve("q.csv");
        Files.writeString(in, "id,source\n1,the cat sleeps .\n2,\"the dogs, they eat .\"\n");
        CliRunner.Result r = CliRunner.run("translate", "--model", model.toString(), "--input", in.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.out().lines().count(), "two data rows, no header line: " + r.out());
    }

    @Test
    void nbestTextIsMosesFormat() {
        CliRunner.Result r = CliRunner.runWithInput(
                "the cat sleeps .\n\nthe dogs are big .\n",
                "translate",
                "--model",
                model.toString(),
                "--beam",
                "3",
                "--nbest",
                "3");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        assertTrue(lines.get(0).matches("0 \\|\\|\\| .+ \\|\\|\\| -?\\d+\\.\\d+(E-?\\d+)?"), lines.get(0));
        assertEquals("1 |||  ||| NaN", lines.get(3));
        assertTrue(lines.get(6).startsWith("2 ||| "), lines.get(6));
    }

    @Test
    void identicalLinesGetIdenticalScores() throws Exception {
        StringBuilder in = new StringBuilder("source\n");
        String[] others = {"the dogs are big .", "three small birds eat .", "the cat", "a dog sleeps ."};
        for (int i = 0; i < 40; i++) {
            in.append(i % 7 == 3 ? "the cat sleeps ." : others[i % others.length] + (i % 3 == 0 ? " ." : ""))
                    .append('\n');
        }
        Path f = dir.resolve("dups.csv");
        Files.writeString(f, in.toString());
        CliRunner.Result r = CliRunner.run(
                "translate",
                "--model",
                model.toString(),
                "--input",
                f.toString(),
                "--format",
                "csv",
                "--batch-size",
                "3");
        assertEquals(0, r.exit(), r.err());
        List<String> rows = r.out()
                .lines()
                .filter(l -> l.startsWith("the cat sleeps .,"))
                .distinct()
                .toList();
        assertEquals(1, rows.size(), "every copy has the same translation and score: " + rows);
    }

    @Test
    void standardInputFromAPipeIsTranslatedLineByLine() throws Exception {
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(feed);
        java.io.StringWriter out = new java.io.StringWriter();
        java.util.concurrent.CompletableFuture<CliRunner.Result> run =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> CliRunner.run(stdin, true, out, "translate", "--model", model.toString()));
        feed.write("the cat sleeps .\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!out.toString().contains("\n") && System.nanoTime() < deadline && !run.isDone()) {
            Thread.sleep(20);
        }
        assertEquals(1, out.toString().lines().count(), "the first line is out while the input is still open");
        feed.write("the dogs are big .\n".getBytes(StandardCharsets.UTF_8));
        feed.close();
        CliRunner.Result r = run.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
    }

    @Test
    void misspelledOptionsAndCommandsGetSuggestions() {
        CliRunner.Result r = CliRunner.run("translate", "--model", model.toString(), "--beem", "2");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("did you mean --beam?"), r.err());
        r = CliRunner.run("tranlate", "--model", model.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("did you mean translate"), r.err());
    }
}
