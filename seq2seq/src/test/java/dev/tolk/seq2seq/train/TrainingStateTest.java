package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.batch.EpochCursor;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.store.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run changes as it goes, and its exact round trip through a {@link Checkpoint}. */
class TrainingStateTest {
    @TempDir
    static Path dir;

    static Seq2SeqConfig config;
    static TrainingCorpus corpus;

    @BeforeAll
    static void corpus() throws Exception {
        SyntheticCorpus.builder()
                .seed(3)
                .trainPairs(120)
                .validPairs(8)
                .testPairs(0)
                .build()
                .write(dir);
        config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("train.csv"),
                "data.valid=" + dir.resolve("valid.csv"),
                "model.embedding_size=8",
                "model.hidden_size=12",
                "model.hidden_dropout=0.2",
                "train.batch_tokens=300",
                "train.lr_decay_factor=0.5",
                "train.seed=5",
                "train.threads=1"));
        corpus = TrainingCorpus.prepare(config.data(), config.train(), BadRowPolicy.ERROR, w -> {}, null);
    }

    /** Trains {@code state} on the next {@code n} batches of {@code cursor}, keeping the position. */
    private static void train(TrainingState state, EpochCursor cursor, int n) {
        for (int i = 0; i < n; i++) {
            Updater.Update u = state.update(TokenBatch.of(cursor.next()));
            assertTrue(u.applied());
            state.position = cursor.position();
        }
    }

    @Test
    void startsAtStepZeroAndCountsAppliedUpdates() {
        TrainingState state = TrainingState.start(config, corpus, null);
        assertEquals(0, state.step);
        assertEquals(0, state.epoch);
        assertNull(state.position);
        assertNull(state.ema, "no moving average unless train.ema_decay > 0");
        assertEquals(state.model.exportWeights(), state.modelWeights());
        train(state, corpus.training().epoch(0), 3);
        assertEquals(3, state.step);
    }

    @Test
    void aRestoredStateContinuesExactlyAsTheOriginal() {
        Seq2SeqConfig withEma = config.withOverride("train.ema_decay=0.9");
        TrainingState original = TrainingState.start(withEma, corpus, null);
        EpochCursor cursor = corpus.training().epoch(0);
        train(original, cursor, 2);
        Checkpoint ck = original.checkpoint(null);
        assertEquals(2, ck.step());
        assertEquals(original.ema.export(), ck.emaWeights());
        assertEquals(original.ema.export(), original.modelWeights(), "a model file holds the moving average");
        assertNotEquals(original.model.exportWeights(), original.modelWeights());

        TrainingState restored = TrainingState.start(withEma, corpus, null);
        restored.restore(ck);
        assertEquals(ck, restored.checkpoint(null));
        EpochCursor resumed = corpus.training().resume(restored.position);
        train(original, cursor, 2);
        train(restored, resumed, 2);
        assertEquals(original.checkpoint(null), restored.checkpoint(null));
    }

    @Test
    void aCheckpointWithoutTheMovingAverageARunKeepsIsRefused() {
        TrainingState plain = TrainingState.start(config, corpus, null);
        train(plain, corpus.training().epoch(0), 1);
        Checkpoint ck = plain.checkpoint(null);
        TrainingState withEma = TrainingState.start(config.withOverride("train.ema_decay=0.9"), corpus, null);
        TrainingException e = assertThrows(TrainingException.class, () -> withEma.restore(ck));
        assertEquals(
                "cannot resume from the checkpoint at step 1: it holds no moving average of the weights; the corpus "
                        + "or vocabulary settings changed since it was written (start a new run)",
                e.getMessage());
    }
}
