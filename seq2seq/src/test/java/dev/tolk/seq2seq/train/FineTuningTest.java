package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.data.synthetic.TargetLanguage;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.store.FileDigest;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.store.ParentModel;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --init-from}: a new run starts from a trained model's weights, vocabularies and tokenizer, refuses settings
 * that would change them, and records the model as its parent.
 */
class FineTuningTest {
    @TempDir
    static Path dir;

    static Seq2SeqConfig parentConfig;
    static Path parent;

    @BeforeAll
    static void trainParent() throws Exception {
        SyntheticCorpus.builder()
                .seed(9)
                .trainPairs(300)
                .validPairs(20)
                .testPairs(0)
                .build()
                .write(dir.resolve("fr"));
        // the new data: another language, so another vocabulary would be learned from it
        SyntheticCorpus.builder()
                .language(TargetLanguage.GERMAN)
                .seed(10)
                .trainPairs(300)
                .validPairs(20)
                .testPairs(0)
                .build()
                .write(dir.resolve("de"));
        parentConfig = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("fr/train.csv"),
                "data.valid=" + dir.resolve("fr/valid.csv"),
                "data.tokenizer=bpe",
                "data.bpe_vocab_size=120",
                "model.embedding_size=12",
                "model.hidden_size=16",
                "model.embedding_dropout=0.3",
                "train.batch_tokens=300",
                "train.max_steps=6",
                "train.validate_every=3",
                "train.checkpoint_every=3",
                "train.threads=1"));
        parent = dir.resolve("parent");
        new Trainer(parentConfig, parent, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {});
    }

    @Test
    void aNewRunStartsFromTheModelsWeightsAndEncoding() throws Exception {
        Path ckpt = Trainer.checkpointDir(parent).resolve("ckpt-000000000006.tolk");
        FineTuning from = FineTuning.load(ckpt); // a checkpoint is a model
        Seq2SeqConfig config = from.defaults()
                .withOverrides(List.of(
                        "data.train=" + dir.resolve("de/train.csv"),
                        "data.valid=" + dir.resolve("de/valid.csv"),
                        "train.lr=0.0000001",
                        "train.min_lr=0",
                        "train.max_steps=1",
                        "train.batch_tokens=300",
                        "train.threads=1"));
        assertEquals(16, config.model().hiddenSize(), "the architecture comes from the model");
        assertEquals(0.3, config.model().embeddingDropout(), "so do its dropout defaults");
        List<String> warnings = new ArrayList<>();
        List<List<NamedTensor>> afterFirstUpdate = new ArrayList<>();
        Path child = dir.resolve("child");
        TrainResult r = new Trainer(
                        config,
                        child,
                        BadRowPolicy.ERROR,
                        warnings::add,
                        Clock.systemUTC(),
                        (step, model) -> afterFirstUpdate.add(model.exportWeights()))
                .initFrom(from)
                .run(Trainer.Start.NEW, new TrainingListener() {});
        assertEquals(1, r.steps(), "a new run: step 0, then one update");
        // one Adam step of lr 1e-7 moves no weight by more than about 1e-7 from the model's
        List<NamedTensor> start = Checkpoint.read(ckpt).weights();
        List<NamedTensor> after = afterFirstUpdate.get(0);
        for (int i = 0; i < start.size(); i++) {
            float[] a = start.get(i).values();
            float[] b = after.get(i).values();
            for (int j = 0; j < a.length; j++) {
                assertTrue(Math.abs(a[j] - b[j]) <= 2e-7, start.get(i).name() + "[" + j + "]");
            }
        }
        ModelFile child0 = ModelFile.read(child);
        ModelFile parent0 = ModelFile.read(ckpt);
        assertEquals(parent0.vocabularies(), child0.vocabularies(), "vocabularies are not learned again");
        assertEquals(parent0.tokenizer(), child0.tokenizer());
        assertEquals(
                List.of(new ParentModel(ParentModel.FINE_TUNED, ckpt.toString(), FileDigest.sha256(ckpt), 6)),
                child0.provenance().parents());
        Checkpoint c = Checkpoint.read(Trainer.checkpointDir(child).resolve("ckpt-000000000001.tolk"));
        assertEquals(1, c.optimizerStep(), "a fresh optimiser");
        assertEquals(child0.provenance().parents(), c.metadata().provenance().parents());
        assertTrue(
                warnings.stream().anyMatch(w -> w.startsWith("starting from the weights of " + ckpt)),
                warnings::toString);
    }

    @Test
    void settingsTheModelFixesAreRefusedByName() throws Exception {
        FineTuning from = FineTuning.load(parent);
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> from.check(
                        from.defaults().withOverrides(List.of("model.hidden_size=32", "data.lowercase=true"))));
        assertEquals("model.hidden_size", e.key());
        assertEquals(
                "--init-from " + parent.resolve("model.tolk") + ": the architecture, vocabularies and tokenizer come "
                        + "from the model, but the configuration sets model.hidden_size=32 (the model's is 16), "
                        + "data.lowercase=true (the model's is false); drop these settings (a new architecture or "
                        + "vocabulary needs a run from scratch)",
                e.getMessage());
        // learning rate, data, epochs, dropout and decoding may change
        from.check(from.defaults()
                .withOverrides(List.of(
                        "train.lr=0.01", "train.epochs=3", "model.embedding_dropout=0.1", "decode.beam_size=2")));
        // the same value given explicitly is no conflict
        from.check(from.defaults().withOverride("model.hidden_size=16"));
        assertThrows(
                ConfigException.class,
                () -> new Trainer(
                                from.defaults().withOverride("data.bpe_vocab_size=99"),
                                dir.resolve("x"),
                                BadRowPolicy.ERROR,
                                w -> {})
                        .initFrom(from));
    }
}
