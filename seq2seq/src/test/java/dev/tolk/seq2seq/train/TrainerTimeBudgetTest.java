package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A time budget ends a run like train.max_steps does: a last validation, checkpoint and model. */
class TrainerTimeBudgetTest {
    @TempDir
    Path dir;

    /** A clock that moves one second at every reading. */
    private static final class Ticking extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }
    }

    @Test
    void theRunStopsOnceItsBudgetIsSpentAndKeepsItsLastModel() throws Exception {
        SyntheticCorpus.builder()
                .seed(3)
                .trainPairs(200)
                .validPairs(10)
                .testPairs(0)
                .build()
                .write(dir.resolve("data"));
        Seq2SeqConfig config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("data/train.csv"),
                "data.valid=" + dir.resolve("data/valid.csv"),
                "data.tokenizer=word",
                "model.embedding_size=8",
                "model.hidden_size=8",
                "train.batch_tokens=300",
                "train.epochs=1000",
                "train.validate_every=1000",
                "train.checkpoint_every=1000",
                "train.threads=1"));
        Path run = dir.resolve("run");
        TrainResult r = new Trainer(config, run, BadRowPolicy.ERROR, w -> {}, new Ticking(), (s, m) -> {})
                .timeBudget(Duration.ofSeconds(10))
                .run(Trainer.Start.NEW, new TrainingListener() {});
        assertEquals(StopReason.TIME_BUDGET, r.reason());
        assertTrue(r.steps() >= 1 && r.steps() <= 10, r.steps() + " updates: the clock reads at most once per update");
        assertEquals("time budget of 10 s spent after " + r.steps() + " updates", r.detail());
        assertEquals(
                (double) r.steps(), ModelFile.read(run).provenance().metrics().get("step"), "validated at the end");
        assertTrue(Files.exists(Trainer.checkpointDir(run).resolve(String.format("ckpt-%012d.tolk", r.steps()))));
    }
}
