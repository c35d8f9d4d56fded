package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.FileDigest;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.ParentModel;
import dev.tolk.seq2seq.store.WeightAverage;
import dev.tolk.seq2seq.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's working day with models: a checkpoint translates, {@code tolk info}, {@code tolk average},
 * {@code tolk config --defaults}, {@code tolk train --init-from}, and a non-empty {@code --model-dir} refused first.
 */
class ModelCommandsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path model;

    static List<String> trainArgs(Path modelDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--train",
                shared.resolve("data/train.csv").toString(),
                "--valid",
                shared.resolve("data/valid.csv").toString(),
                "--model-dir",
                modelDir.toString(),
                "--set",
                "data.tokenizer=word",
                "--set",
                "model.embedding_size=8",
                "--set",
                "model.hidden_size=8",
                "--set",
                "train.batch_tokens=300",
                "--set",
                "train.max_steps=6",
                "--set",
                "train.validate_every=2",
                "--set",
                "train.checkpoint_every=2",
                "--set",
                "train.keep_checkpoints=3",
                "--set",
                "train.threads=1"));
        args.addAll(List.of(extra));
        return args;
    }

    @BeforeAll
    static void trainOnce() {
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(120)
                .validPairs(10)
                .testPairs(0)
                .build()
                .write(shared.resolve("data"));
        model = shared.resolve("model");
        CliRunner.Result r = CliRunner.run(trainArgs(model).toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
    }

    private static Path checkpoint(long step) {
        return Trainer.checkpointDir(model).resolve(String.format("ckpt-%012d.tolk", step));
    }

    @Test
    void aCheckpointTranslates() {
        CliRunner.Result r = CliRunner.runWithInput(
                "the cat sleeps .\nthe dog runs .\n",
                "translate",
                "--model",
                checkpoint(4).toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
    }

    @Test
    void infoPrintsTheProvenanceAsTextAndJson() throws Exception {
        CliRunner.Result text = CliRunner.run("info", model.toString());
        assertEquals(0, text.exit(), text.err());
        ModelFile m = ModelFile.read(model);
        String sha = m.provenance().corpusSha256();
        assertTrue(text.out().contains("corpus:       sha256 " + sha), text.out());
        assertTrue(text.out().contains("seed:         42"), text.out());
        assertTrue(text.out().contains("  model:"), "the configuration as YAML: " + text.out());
        long params = m.weights().stream().mapToLong(w -> w.values().length).sum();
        assertTrue(text.out().contains(String.format("parameters:   %,d in ", params)), text.out());
        CliRunner.Result json = CliRunner.run("info", "--json", checkpoint(6).toString());
        assertEquals(0, json.exit(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals(params, j.get("parameters").asLong());
        assertEquals(sha, j.at("/provenance/corpus_sha256").asText());
        assertEquals(6, j.at("/provenance/metrics/step").asLong());
        assertEquals(8, j.at("/config/model/hidden_size").asInt());
        assertTrue(j.at("/vocabularies/shared").asBoolean());
        CliRunner.Result missing =
                CliRunner.run("info", shared.resolve("nothing.tolk").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }

    @Test
    void averageWritesTheMeanOfTheCheckpointsInOrder() throws Exception {
        Path out = dir.resolve("avg.tolk");
        CliRunner.Result r = CliRunner.run(
                "average",
                "--out",
                out.toString(),
                checkpoint(4).toString(),
                checkpoint(6).toString());
        assertEquals(0, r.exit(), r.err());
        ModelFile avg = ModelFile.read(out);
        List<ModelFile> in = List.of(ModelFile.read(checkpoint(4)), ModelFile.read(checkpoint(6)));
        List<dev.tolk.seq2seq.store.NamedTensor> expected =
                WeightAverage.mean(in.stream().map(ModelFile::weights).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).values(), avg.weights().get(i).values());
        }
        float a = in.get(0).weights().get(0).values()[0];
        float b = in.get(1).weights().get(0).values()[0];
        assertEquals((float) (((double) a + b) / 2), avg.weights().get(0).values()[0]);
        assertEquals(
                List.of(
                        new ParentModel(
                                ParentModel.AVERAGED, checkpoint(4).toString(), FileDigest.sha256(checkpoint(4)), 4),
                        new ParentModel(
                                ParentModel.AVERAGED, checkpoint(6).toString(), FileDigest.sha256(checkpoint(6)), 6)),
                avg.provenance().parents());
        // --last N: the latest N checkpoints of a run
        Path last = dir.resolve("last.tolk");
        assertEquals(
                0,
                CliRunner.run("average", "--out", last.toString(), "--last", "2", model.toString())
                        .exit());
        assertEquals(avg.weights(), ModelFile.read(last).weights());
        CliRunner.Result tooMany = CliRunner.run("average", "--out", last.toString(), "--last", "9", model.toString());
        assertEquals(2, tooMany.exit());
        assertTrue(tooMany.err().contains("holds 3 checkpoint(s)"), tooMany.err());
        // the average translates
        CliRunner.Result t = CliRunner.runWithInput("the cat sleeps .\n", "translate", "--model", out.toString());
        assertEquals(0, t.exit(), t.err());
    }

    @Test
    void configDefaultsListsEveryKeyWithItsDefaultAndMeaning() {
        CliRunner.Result r = CliRunner.run("config", "--defaults");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(Seq2SeqConfig.validKeys().size(), lines.size());
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("train\\.ema_decay = 0\\.0 +# exponential moving average .*")),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("model\\.hidden_size = 256 +# recurrent state width.*")));
        assertEquals(2, CliRunner.run("config").exit());
    }

    @Test
    void initFromStartsANewRunFromTheModelAndRefusesArchitectureChangesByName() throws Exception {
        Path tuned = dir.resolve("tuned");
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--init-from",
                checkpoint(6).toString(),
                "--train",
                shared.resolve("data/train.csv").toString(),
                "--valid",
                shared.resolve("data/valid.csv").toString(),
                "--model-dir",
                tuned.toString(),
                "--set",
                "train.lr=0.0001",
                "--set",
                "train.max_steps=2",
                "--set",
                "train.batch_tokens=300",
                "--set",
                "train.threads=1"));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        ModelFile child = ModelFile.read(tuned);
        assertEquals(8, child.config().model().hiddenSize(), "the model's architecture");
        assertEquals(0.0001, child.config().train().lr());
        assertEquals(ModelFile.read(model).vocabularies(), child.vocabularies());
        assertEquals(ParentModel.FINE_TUNED, child.provenance().parents().get(0).relation());
        assertEquals(6, child.provenance().parents().get(0).step());

        args.set(args.indexOf(tuned.toString()), dir.resolve("tuned2").toString());
        args.addAll(List.of("--set", "model.hidden_size=16"));
        CliRunner.Result refused = CliRunner.run(args.toArray(String[]::new));
        assertEquals(2, refused.exit(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("model.hidden_size=16 (the model's is 8)"), refused.err());
        assertTrue(!Files.exists(dir.resolve("tuned2").resolve("model.tolk")));
    }

    @Test
    void aNonEmptyModelDirectoryIsRefusedBeforeTheCorpusIsRead() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        List<String> args = trainArgs(dir);
        args.set(args.indexOf("--train") + 1, shared.resolve("no-such.csv").toString());
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(1, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("tolk: " + dir + " is not empty (it holds notes.txt)"), r.err());
    }
}
