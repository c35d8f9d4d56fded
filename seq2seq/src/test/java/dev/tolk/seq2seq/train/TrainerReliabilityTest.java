package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.core.Parameter;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.CheckpointDirectory;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens around a run: one run per model directory, leftovers of a killed run, divergence, models too large
 * to build, and a directory whose checkpoints are all corrupt.
 */
class TrainerReliabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path corpus;

    @TempDir
    Path dir;

    static Seq2SeqConfig config;

    @BeforeAll
    static void corpus() {
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(120)
                .validPairs(10)
                .testPairs(0)
                .build()
                .write(corpus);
        config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + corpus.resolve("train.csv"),
                "data.valid=" + corpus.resolve("valid.csv"),
                "data.tokenizer=word",
                "model.embedding_size=8",
                "model.hidden_size=8",
                "train.batch_tokens=300",
                "train.max_steps=4",
                "train.validate_every=2",
                "train.checkpoint_every=2",
                "train.threads=1"));
    }

    private static TrainResult train(Seq2SeqConfig c, Path modelDir, Trainer.Start start, List<String> warnings)
            throws Exception {
        return new Trainer(c, modelDir, BadRowPolicy.ERROR, warnings::add).run(start, new TrainingListener() {});
    }

    @Test
    void aSecondRunIntoALockedDirectoryIsRefusedNamingTheOwner() throws Exception {
        try (RunLock held = RunLock.acquire(dir, Clock.systemUTC(), w -> {})) {
            TrainingException e = assertThrows(
                    TrainingException.class, () -> train(config, dir, Trainer.Start.NEW, new ArrayList<>()));
            assertTrue(
                    e.getMessage()
                            .startsWith(dir + " is in use by another training run (pid "
                                    + ProcessHandle.current().pid() + " on host "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; wait for it to end, or choose another --model-dir"));
            assertFalse(Files.exists(Trainer.checkpointDir(dir)), "the refused run wrote nothing");
        }
        assertEquals(
                StopReason.MAX_STEPS,
                train(config, dir, Trainer.Start.NEW, new ArrayList<>()).reason());
        assertEquals("", Files.readString(dir.resolve(RunLock.FILE_NAME)), "released at the end");
    }

    @Test
    void anotherProcessHoldingTheDirectoryIsNamedAndItsEndReleasesIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RunLockHolder.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            TrainingException e =
                    assertThrows(TrainingException.class, () -> RunLock.acquire(dir, Clock.systemUTC(), w -> {}));
            assertTrue(e.getMessage().contains("(pid " + holder.pid() + " on host "), e.getMessage());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        List<String> warnings = new ArrayList<>();
        RunLock.acquire(dir, Clock.systemUTC(), warnings::add).close();
        assertEquals(List.of(), warnings, "a released lock is not stale");
    }

    @Test
    void aStaleLockOfAKilledRunIsTakenOver() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunLock.FILE_NAME), "pid 999999 on host gone, since 2025-01-01T00:00:00Z");
        List<String> warnings = new ArrayList<>();
        assertEquals(
                StopReason.MAX_STEPS,
                train(config, dir, Trainer.Start.NEW, warnings).reason());
        assertTrue(
                warnings.contains(dir + ": taking over the lock of a run that ended without releasing it "
                        + "(pid 999999 on host gone, since 2025-01-01T00:00:00Z)"),
                warnings.toString());
    }

    @Test
    void temporaryFilesOfAKilledRunAreRemovedAtTheNextStart() throws Exception {
        Path ckpts = Files.createDirectories(Trainer.checkpointDir(dir));
        Path orphan = Files.writeString(ckpts.resolve(".ckpt-000000000004.tolk.8861243912.tmp"), "partial");
        Path model = Files.writeString(dir.resolve(".model.tolk.42.tmp"), "partial");
        Path unrelated = Files.writeString(dir.resolve(".notes.tmp"), "mine");
        List<String> warnings = new ArrayList<>();
        // a user's file makes the directory non-empty, which a NEW run refuses (issue 15): train into it anyway
        train(config, dir, Trainer.Start.OVERWRITE, warnings);
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(model));
        assertTrue(Files.exists(unrelated), "only the trainer's own temporary files are removed");
        assertTrue(warnings.get(0).startsWith("removed 2 temporary file(s) of an interrupted run"), warnings.get(0));
    }

    @Test
    void aValidationPerplexityOfInfinityIsADivergenceAndNeverTheBestModel() throws Exception {
        // a huge output bias for one token: training losses stay finite (about 1e6), validation perplexity overflows
        Trainer t = new Trainer(config, dir, BadRowPolicy.ERROR, w -> {}, Clock.systemUTC(), (step, m) -> {
            if (step == 1) {
                for (Parameter p : m.parameters()) {
                    if (p.name().equals("decoder.output.b")) {
                        p.value().set(5, 1e6f);
                    }
                }
            }
        });
        TrainResult r = t.run(Trainer.Start.NEW, new TrainingListener() {});
        assertEquals(StopReason.NON_FINITE, r.reason());
        assertEquals(2, r.steps());
        assertTrue(r.detail().startsWith("validation at step 2: perplexity Infinity (loss "), r.detail());
        assertTrue(r.detail().contains("training diverged"), r.detail());
        assertFalse(Files.exists(dir.resolve(ModelFile.FILE_NAME)), "the diverged model is not saved as the best");
        assertEquals(List.of(), new CheckpointDirectory(Trainer.checkpointDir(dir), 5).steps(), "nor checkpointed");
        List<String> log = Files.readAllLines(dir.resolve(Trainer.VALIDATION_LOG));
        assertEquals(1, log.size());
        JsonNode v = JSON.readTree(log.get(0));
        assertFalse(v.get("best").asBoolean());
        assertTrue(v.path("metrics").path("ppl").isNull());
    }

    @Test
    void aHugeLearningRateWithoutClippingStopsAsADivergence() throws Exception {
        Seq2SeqConfig wild = config.withOverrides(
                List.of("train.lr=10", "train.clip_norm=0", "train.max_steps=40", "train.validate_every=4"));
        TrainResult r = train(wild, dir, Trainer.Start.NEW, new ArrayList<>());
        assertEquals(StopReason.NON_FINITE, r.reason(), r.detail());
        for (String line : Files.readAllLines(dir.resolve(Trainer.VALIDATION_LOG))) {
            JsonNode v = JSON.readTree(line);
            assertFalse(
                    v.get("best").asBoolean() && v.path("metrics").path("ppl").isNull(), line);
        }
    }

    @Test
    void aModelTooLargeForATensorIsRefusedNamingTheSetting() {
        TrainingException e = assertThrows(
                TrainingException.class,
                () -> train(config.withOverride("model.hidden_size=16384"), dir, Trainer.Start.NEW, new ArrayList<>()));
        assertTrue(e.getMessage().contains("with model.hidden_size=16384"), e.getMessage());
        assertTrue(e.getMessage().contains("lower model.hidden_size"), e.getMessage());
    }

    @Test
    void whenEveryCheckpointIsCorruptResumeNamesThemAndOverwriteStartsAfresh() throws Exception {
        train(config, dir, Trainer.Start.NEW, new ArrayList<>());
        CheckpointDirectory ckpts = new CheckpointDirectory(Trainer.checkpointDir(dir), 5);
        assertEquals(List.of(2L, 4L), ckpts.steps());
        for (long s : ckpts.steps()) {
            byte[] b = Files.readAllBytes(ckpts.fileFor(s));
            b[b.length - 6] ^= 0x10;
            Files.write(ckpts.fileFor(s), b);
        }
        TrainingException resume = assertThrows(
                TrainingException.class, () -> train(config, dir, Trainer.Start.RESUME, new ArrayList<>()));
        assertTrue(
                resume.getMessage()
                        .startsWith(Trainer.checkpointDir(dir) + ": no valid checkpoint to resume from: "
                                + ckpts.fileFor(4) + ": corrupt: checksum mismatch"),
                resume.getMessage());
        assertTrue(resume.getMessage().contains(ckpts.fileFor(2).toString()), resume.getMessage());
        assertTrue(
                resume.getMessage().endsWith("; start a new run in their place with --overwrite, or move them away"));
        TrainingException fresh =
                assertThrows(TrainingException.class, () -> train(config, dir, Trainer.Start.NEW, new ArrayList<>()));
        assertTrue(fresh.getMessage().contains("--overwrite to replace it with a new run"), fresh.getMessage());
        List<String> warnings = new ArrayList<>();
        assertEquals(
                StopReason.MAX_STEPS,
                train(config, dir, Trainer.Start.OVERWRITE, warnings).reason());
        assertTrue(
                warnings.contains("replacing the previous run: removed its 2 checkpoint(s) and its model from " + dir),
                warnings.toString());
        assertEquals(4, ckpts.loadLatest().orElseThrow().step());
    }
}
