package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.lm.CharStream;
import dev.tolk.seq2seq.lm.LmEvaluation;
import dev.tolk.seq2seq.lm.LmModelFile;
import dev.tolk.seq2seq.lm.Utf8Text;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tolk lm train|sample|ppl}: one small model trained once, then every command and error path. */
class LmCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path model;
    static JsonNode summary;

    static String sentences(int n, long seed) {
        String[] s = {"the cat sat.", "a dog ran far.", "my bird sang.", "our fox hid."};
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(s[r.nextInt(s.length)]).append('\n');
        }
        return sb.toString();
    }

    static Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        Path text = file("train.txt", sentences(200, 1));
        model = dir.resolve("model");
        CliRunner.Result r = CliRunner.run(
                "lm",
                "train",
                "--input",
                text.toString(),
                "--model-dir",
                model.toString(),
                "--cell",
                "gru",
                "--hidden",
                "24",
                "--embedding",
                "8",
                "--bptt",
                "16",
                "--batch",
                "8",
                "--lr",
                "0.01",
                "--steps",
                "60",
                "--valid-every",
                "30",
                "--valid-fraction",
                "0.1",
                "--json");
        assertEquals(0, r.exit(), r.err());
        summary = JSON.readTree(r.out());
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("step ")).count(), r.err());
    }

    private static void assertOneLineError(CliRunner.Result r, int exit, String... parts) {
        assertEquals(exit, r.exit(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("tolk:")).count(), r.err());
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("tolk:") || l.contains(" INFO ")), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void trainWritesTheModelAndReportsValidation() {
        assertEquals(60, summary.get("steps").asLong());
        assertEquals("max_steps", summary.get("stop").asText());
        assertEquals("gru", summary.get("config").get("cell").asText());
        assertEquals(4 + 21, summary.get("vocabulary_size").asInt());
        assertTrue(summary.get("valid_ppl").asDouble() < 4, summary.toString());
        assertEquals(
                summary.get("valid_ppl").asDouble(),
                Math.pow(2, summary.get("valid_bpc").asDouble()),
                1e-9);
        assertTrue(summary.get("chars_per_second").asDouble() > 0);
        assertTrue(Files.exists(model.resolve("lm.tolk")));
        assertTrue(Files.exists(model.resolve("lm-checkpoint.tolk")));
    }

    @Test
    void pplOfHeldOutTextEqualsTheLibraryValue() throws Exception {
        Path held = file("held.txt", sentences(30, 2) + "zebra!\n");
        CliRunner.Result r = CliRunner.run(
                "lm", "ppl", "--model", model.toString(), "--input", held.toString(), "--batch", "4", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        LmModelFile f = LmModelFile.read(model);
        int[] ids = f.vocabulary().encode(Utf8Text.readCodePoints(held));
        Perplexity p = new LmEvaluation(4, 128).perplexity(f.toModel(), new CharStream(ids));
        assertEquals(p.value(), j.get("ppl").asDouble(), 1e-12);
        assertEquals(p.bitsPerToken(), j.get("bpc").asDouble(), 1e-12);
        assertEquals(ids.length - 1, j.get("predictions").asLong());
        assertEquals(2, j.get("unknown").asLong()); // z and ! never occur in the training sentences
        CliRunner.Result people = CliRunner.run(
                "lm",
                "ppl",
                "--model",
                model.resolve("lm.tolk").toString(),
                "--input",
                held.toString(),
                "--batch",
                "4");
        assertEquals(
                String.format(
                        java.util.Locale.ROOT,
                        "ppl %.4f, %.4f bits/char over %d predicted characters " + "(2 unknown)%n",
                        p.value(),
                        p.bitsPerToken(),
                        ids.length - 1),
                people.out());
    }

    @Test
    void samplingWithASeedIsReproducible() throws Exception {
        String[] args = {
            "lm",
            "sample",
            "--model",
            model.toString(),
            "--prime",
            "the ",
            "--length",
            "80",
            "--temperature",
            "0.8",
            "--seed",
            "7"
        };
        CliRunner.Result a = CliRunner.run(args);
        CliRunner.Result b = CliRunner.run(args);
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().startsWith("the "), a.out());
        assertEquals(4 + 80 + 1, a.out().length());
        args[args.length - 1] = "8";
        assertNotEquals(a.out(), CliRunner.run(args).out());

        Path file = dir.resolve("sample.txt");
        args[args.length - 1] = "7";
        String[] toFile = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args), java.util.stream.Stream.of("-o", file.toString()))
                .toArray(String[]::new);
        CliRunner.Result c = CliRunner.run(toFile);
        assertEquals(0, c.exit(), c.err());
        assertEquals("", c.out(), "-o writes the sample to the file, not to standard output");
        assertEquals(a.out(), Files.readString(file));
    }

    @Test
    void badInputGivesOneClearLine() throws Exception {
        String m = model.toString();
        assertOneLineError(
                CliRunner.run(
                        "lm",
                        "train",
                        "--input",
                        dir.resolve("nope.txt").toString(),
                        "--model-dir",
                        dir.resolve("x").toString(),
                        "--steps",
                        "1"),
                1,
                "no such file",
                "nope.txt");
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'a', '\n', 'b', (byte) 0xC3, '(', '\n'});
        assertOneLineError(
                CliRunner.run(
                        "lm",
                        "train",
                        "--input",
                        bad.toString(),
                        "--model-dir",
                        dir.resolve("x").toString(),
                        "--steps",
                        "1"),
                1,
                bad + ":2:2: invalid UTF-8");
        assertOneLineError(CliRunner.run("lm", "ppl", "--model", m, "--input", bad.toString()), 1, bad + ":2:2:");
        Path empty = file("empty.txt", "");
        assertOneLineError(
                CliRunner.run(
                        "lm",
                        "train",
                        "--input",
                        empty.toString(),
                        "--model-dir",
                        dir.resolve("x").toString(),
                        "--steps",
                        "1"),
                1,
                "the text is empty");
        assertOneLineError(
                CliRunner.run("lm", "ppl", "--model", m, "--input", empty.toString()), 1, "the text is empty");
        assertOneLineError(
                CliRunner.run("lm", "ppl", "--model", empty.toString(), "--input", bad.toString()), 1, "empty.txt");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        String in = dir.resolve("train.txt").toString();
        String out = dir.resolve("y").toString();
        assertOneLineError(
                CliRunner.run("lm", "train", "--input", in, "--model-dir", out, "--cell", "tanh"),
                2,
                "--cell must be one of rnn, lstm, gru, got 'tanh'");
        assertOneLineError(
                CliRunner.run("lm", "train", "--input", in, "--model-dir", out, "--hidden", "0"),
                2,
                "--hidden must be >= 1, got 0");
        assertOneLineError(
                CliRunner.run("lm", "train", "--input", in, "--model-dir", out, "--bptt", "-3"),
                2,
                "--bptt must be >= 1, got -3");
        assertOneLineError(
                CliRunner.run("lm", "train", "--input", in, "--model-dir", out, "--steps", "5", "--epochs", "1"),
                2,
                "--steps and --epochs cannot go together");
        assertOneLineError(
                CliRunner.run("lm", "train", "--input", in, "--model-dir", out, "--one-hot", "--embedding", "8"),
                2,
                "--one-hot and --embedding");
        assertOneLineError(
                CliRunner.run("lm", "train", "--input", in, "--model-dir", out, "--lr", "0"),
                2,
                "--lr must be a finite number > 0, got 0.0");
        assertOneLineError(
                CliRunner.run("lm", "train", "--input", in, "--model-dir", out, "--valid-fraction", "0.9"),
                2,
                "--valid-fraction must be in [0, 0.5], got 0.9");
        assertOneLineError(
                CliRunner.run("lm", "sample", "--model", model.toString(), "--temperature", "-1"),
                2,
                "--temperature must be a finite number >= 0, got -1.0");
        assertOneLineError(
                CliRunner.run("lm", "sample", "--model", model.toString(), "--length", "-1"),
                2,
                "--length must be >= 0, got -1");
        assertOneLineError(
                CliRunner.run("lm", "ppl", "--model", model.toString(), "--input", in, "--batch", "0"),
                2,
                "--batch must be >= 1, got 0");
        assertOneLineError(CliRunner.run("lm", "train", "--input", in), 2, "--model-dir");
        assertFalse(Files.exists(dir.resolve("y")));
    }
}
