package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill-and-resume: a run killed after a checkpoint and resumed in a fresh {@link Trainer} ends with exactly the
 * weights and optimiser state of an uninterrupted run (dropout, two layers, LR decay and validations included).
 */
class TrainerResumeTest {
    @TempDir
    static Path dir;

    static Seq2SeqConfig config;

    @BeforeAll
    static void corpus() {
        SyntheticCorpus.builder()
                .seed(9)
                .trainPairs(300)
                .validPairs(20)
                .testPairs(0)
                .build()
                .write(dir);
        config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("train.csv"),
                "data.valid=" + dir.resolve("valid.csv"),
                "data.tokenizer=bpe",
                "data.bpe_vocab_size=120",
                "model.layers=2",
                "model.embedding_size=12",
                "model.hidden_size=16",
                "model.embedding_dropout=0.2",
                "model.hidden_dropout=0.3",
                "model.output_dropout=0.2",
                "model.cell=lstm",
                "train.batch_tokens=300",
                "train.max_steps=14",
                "train.validate_every=3",
                "train.lr=0.05",
                "train.lr_patience=0",
                "train.lr_decay_factor=0.5",
                "train.checkpoint_every=4",
                "train.keep_checkpoints=10",
                "train.seed=11",
                "train.best_metric=bleu",
                "train.threads=1"));
    }

    /** Simulates a kill: the listener throws after the given step. */
    static final class Kill extends RuntimeException {
        Kill() {
            super("killed");
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        Checkpoint last = assertResumeIsExact(config, "plain");
        assertEquals(List.of(), last.emaWeights(), "no moving average unless asked for");
    }

    /**
     * With a moving average of the weights (issue 18): the checkpoint carries it, a resumed run continues it bit for
     * bit, and the saved model holds it, not the trained weights.
     */
    @Test
    void resumedRunWithAMovingAverageEqualsUninterruptedRunBitForBit() throws Exception {
        Seq2SeqConfig withEma = config.withOverrides(
                List.of("train.ema_decay=0.95", "train.checkpoint_every=2", "train.validate_every=2"));
        Checkpoint last = assertResumeIsExact(withEma, "ema");
        assertEquals(last.weights().size(), last.emaWeights().size());
        assertTrue(!java.util.Arrays.equals(
                last.weights().get(0).values(), last.emaWeights().get(0).values()));
        // model.tolk holds the average at the best validation step; that step's checkpoint holds the same average
        Path a = dir.resolve("ema-a");
        ModelFile model = ModelFile.read(a);
        long best = model.provenance().metrics().get("step").longValue();
        Checkpoint atBest = Checkpoint.read(Trainer.checkpointDir(a).resolve(String.format("ckpt-%012d.tolk", best)));
        assertEquals(atBest.emaWeights(), model.weights());
        // a checkpoint read as a model gives its average too
        assertEquals(
                last.emaWeights(),
                ModelFile.read(Trainer.checkpointDir(a).resolve("ckpt-000000000014.tolk"))
                        .weights());
    }

    /** Trains {@code cfg} without and with a kill after step 10 and a resume; returns the last checkpoint. */
    private Checkpoint assertResumeIsExact(Seq2SeqConfig cfg, String name) throws Exception {
        Path a = dir.resolve(name + "-a");
        TrainResult full = new Trainer(cfg, a, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {});
        assertEquals(StopReason.MAX_STEPS, full.reason());
        assertEquals(14, full.steps());

        Path b = dir.resolve(name + "-b");
        assertThrows(
                Kill.class,
                () -> new Trainer(cfg, b, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {
                    @Override
                    public void onStep(StepEvent e) {
                        if (e.step() == 10) {
                            throw new Kill();
                        }
                    }
                }));
        assertTrue(Files.exists(Trainer.checkpointDir(b).resolve("ckpt-000000000008.tolk")));
        assertTrue(!Files.exists(Trainer.checkpointDir(b).resolve("ckpt-000000000012.tolk")));
        TrainResult resumed = new Trainer(cfg, b, BadRowPolicy.ERROR, w -> {}).run(true, new TrainingListener() {});
        assertEquals(14, resumed.steps());

        Checkpoint ca = Checkpoint.read(Trainer.checkpointDir(a).resolve("ckpt-000000000014.tolk"));
        Checkpoint cb = Checkpoint.read(Trainer.checkpointDir(b).resolve("ckpt-000000000014.tolk"));
        assertEquals(ca.weights().size(), cb.weights().size());
        for (int i = 0; i < ca.weights().size(); i++) {
            NamedTensor x = ca.weights().get(i);
            NamedTensor y = cb.weights().get(i);
            assertEquals(x.name(), y.name());
            assertArrayEquals(x.values(), y.values(), x.name());
        }
        assertEquals(ca.emaWeights(), cb.emaWeights());
        assertEquals(ca.optimizerState(), cb.optimizerState());
        assertEquals(ca.optimizerStep(), cb.optimizerStep());
        assertEquals(ca.schedule(), cb.schedule());
        assertEquals(ca.trainerState(), cb.trainerState());
        assertEquals(ca.dataPosition(), cb.dataPosition());
        assertEquals(ModelFile.read(a).weights(), ModelFile.read(b).weights(), "the same best model");
        // the learning rate did decay during the run, so the schedule state was exercised
        assertNotEquals(0.05f, ca.schedule().learningRate());
        // and the weights moved from initialisation
        Checkpoint c4 = Checkpoint.read(Trainer.checkpointDir(a).resolve("ckpt-000000000004.tolk"));
        assertTrue(!java.util.Arrays.equals(
                c4.weights().get(0).values(), ca.weights().get(0).values()));
        return ca;
    }

    @Test
    void nonFiniteValuesStopCleanlyKeepingTheLastGoodCheckpoint() throws Exception {
        Path d = dir.resolve("nan");
        TrainResult r = new Trainer(
                        config, d, BadRowPolicy.ERROR, w -> {}, java.time.Clock.systemUTC(), (step, model) -> {
                            if (step == 7) {
                                model.parameters().get(3).value().set(0, Float.NaN);
                            }
                        })
                .run(false, new TrainingListener() {});
        assertEquals(StopReason.NON_FINITE, r.reason());
        assertEquals(7, r.steps());
        assertTrue(r.detail().startsWith("update 8: non-finite values in loss: 1 NaN"), r.detail());
        assertTrue(r.detail().contains("the update was not applied"), r.detail());
        // the checkpoint of step 4 is the last one and holds finite weights; no checkpoint of the bad state exists
        assertEquals(List.of(4L), new dev.tolk.seq2seq.store.CheckpointDirectory(Trainer.checkpointDir(d), 10).steps());
        for (NamedTensor t : Checkpoint.read(Trainer.checkpointDir(d).resolve("ckpt-000000000004.tolk"))
                .weights()) {
            for (float v : t.values()) {
                assertTrue(Float.isFinite(v), t.name());
            }
        }
        assertTrue(Files.exists(d.resolve("model.tolk")));
    }

    @Test
    void refusesToOverwriteARunAndToResumeNothing() throws Exception {
        Path c = dir.resolve("c");
        TrainingException e = assertThrows(
                TrainingException.class,
                () -> new Trainer(config, c, BadRowPolicy.ERROR, w -> {}).run(true, new TrainingListener() {}));
        assertTrue(e.getMessage().contains("no valid checkpoint to resume from"), e.getMessage());
        Seq2SeqConfig shortRun = config.withOverride("train.max_steps=4");
        new Trainer(shortRun, c, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {});
        e = assertThrows(
                TrainingException.class,
                () -> new Trainer(shortRun, c, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {}));
        assertTrue(e.getMessage().contains("pass --resume"), e.getMessage());
    }

    /** Issue 15: a non-empty model directory is refused before the corpus is read (here it does not even exist). */
    @Test
    void aNonEmptyDirectoryIsRefusedBeforeTheCorpusIsRead() throws Exception {
        Path d = dir.resolve("busy");
        Files.createDirectories(d);
        Files.writeString(d.resolve("notes.txt"), "mine");
        Seq2SeqConfig noCorpus = config.withOverride("data.train=" + dir.resolve("no-such-file.csv"));
        TrainingException e = assertThrows(
                TrainingException.class,
                () -> new Trainer(noCorpus, d, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {}));
        assertEquals(
                d + " is not empty (it holds notes.txt); choose an empty or new --model-dir, or pass --overwrite to "
                        + "train into it anyway (replacing a previous run's model and checkpoints)",
                e.getMessage());
        assertEquals("mine", Files.readString(d.resolve("notes.txt")));
        // --overwrite trains into it and leaves the user's file alone
        new Trainer(config.withOverride("train.max_steps=2"), d, BadRowPolicy.ERROR, w -> {})
                .run(Trainer.Start.OVERWRITE, new TrainingListener() {});
        assertEquals("mine", Files.readString(d.resolve("notes.txt")));
        assertTrue(Files.exists(d.resolve("model.tolk")));
    }
}
