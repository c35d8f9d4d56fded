package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.train.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tolk train} exit codes and one-line errors: divergence, a busy directory, resume and overwrite. */
class TrainCommandTest {
    @TempDir
    static Path corpus;

    @TempDir
    Path dir;

    @BeforeAll
    static void corpus() {
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(120)
                .validPairs(10)
                .testPairs(0)
                .build()
                .write(corpus);
    }

    private CliRunner.Result train(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--train",
                corpus.resolve("train.csv").toString(),
                "--valid",
                corpus.resolve("valid.csv").toString(),
                "--model-dir",
                dir.toString(),
                "--set",
                "data.tokenizer=word",
                "--set",
                "model.embedding_size=8",
                "--set",
                "model.hidden_size=8",
                "--set",
                "train.batch_tokens=300",
                "--set",
                "train.max_steps=4",
                "--set",
                "train.validate_every=2",
                "--set",
                "train.checkpoint_every=2",
                "--set",
                "train.threads=1"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static List<String> lines(String s, String containing) {
        return s.lines().filter(l -> l.contains(containing)).toList();
    }

    @Test
    void aDivergedRunExitsOneWithOneLineNamingTheStep() throws Exception {
        CliRunner.Result r = train(
                "--set",
                "train.lr=10",
                "--set",
                "train.clip_norm=0",
                "--set",
                "train.max_steps=40",
                "--set",
                "train.validate_every=4");
        assertEquals(1, r.exit(), r.err());
        List<String> stopped = lines(r.err(), "training stopped");
        assertEquals(1, stopped.size(), r.err());
        assertTrue(stopped.get(0).startsWith("tolk: training stopped: "), stopped.get(0));
        assertTrue(
                stopped.get(0).matches("tolk: training stopped: (update|validation at step) [0-9]+: .*"),
                stopped.get(0));
        assertTrue(stopped.get(0).length() < 2000, stopped.get(0).length() + " characters");
        assertEquals("", r.out(), "no summary of a failed run for people");
        CliRunner.Result json = train(
                "--overwrite",
                "--json",
                "--set",
                "train.lr=10",
                "--set",
                "train.clip_norm=0",
                "--set",
                "train.max_steps=40",
                "--set",
                "train.validate_every=4");
        assertEquals(1, json.exit(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals("non_finite", j.get("stop_reason").asText(), "machines still get the summary");
    }

    @Test
    void aBusyModelDirectoryIsRefusedInOneLine() throws Exception {
        try (RunLock held = RunLock.acquire(dir, Clock.systemUTC(), w -> {})) {
            CliRunner.Result r = train();
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().startsWith("tolk: " + dir + " is in use by another training run (pid "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertEquals(0, train().exit());
    }

    @Test
    void overwriteReplacesARunAndCannotGoWithResume() throws Exception {
        assertEquals(0, train().exit());
        CliRunner.Result again = train();
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("pass --resume to continue it, --overwrite to replace it"), again.err());
        CliRunner.Result over = train("--overwrite");
        assertEquals(0, over.exit(), over.err());
        assertTrue(
                over.err().contains("tolk: warning: replacing the previous run: removed its 2 checkpoint(s)"),
                over.err());
        assertTrue(Files.exists(dir.resolve("model.tolk")));
        CliRunner.Result both = train("--resume", "--overwrite");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("--resume and --overwrite cannot go together"), both.err());
    }
}
