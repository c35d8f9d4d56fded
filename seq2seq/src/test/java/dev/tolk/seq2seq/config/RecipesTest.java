package dev.tolk.seq2seq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.train.TrainResult;
import dev.tolk.seq2seq.train.Trainer;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recipe shipped in {@code recipes/} loads as a valid configuration (no unknown keys, values in range), and
 * trains for two updates on a tiny synthetic corpus with its architecture and optimiser as written; the model file
 * it writes carries that architecture and translates.
 */
class RecipesTest {

    private static Path recipes() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("recipes"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("recipes/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("recipes");
    }

    static List<Path> recipeFiles() throws IOException {
        try (Stream<Path> s = Files.list(recipes())) {
            return s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyRecipeLoads() throws IOException {
        List<Path> files = recipeFiles();
        assertFalse(files.isEmpty(), "no recipes found");
        for (Path f : files) {
            Seq2SeqConfig.load(f);
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipeFiles")
    void everyRecipeTrainsForTwoUpdates(Path recipe) throws IOException {
        SyntheticCorpus.builder()
                .seed(1)
                .trainPairs(60)
                .validPairs(8)
                .testPairs(1)
                .build()
                .write(dir);
        Seq2SeqConfig config = Seq2SeqConfig.load(
                recipe,
                List.of(
                        "data.train=" + dir.resolve("train.csv"),
                        "data.valid=" + dir.resolve("valid.csv"),
                        "data.min_frequency=1",
                        "train.max_steps=2",
                        "train.validate_every=2",
                        "train.checkpoint_every=2",
                        "train.threads=1"));
        Path model = dir.resolve("model");
        TrainResult r = new Trainer(config, model, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {});
        assertEquals(2, r.steps());
        assertEquals(
                config.model(), ModelFile.readWithoutWeights(model).config().model());
        Translator t = Translator.load(model);
        assertEquals(
                1,
                t.translate(List.of("a b c"), t.decodeConfig().greedy(), Batching.DEFAULT)
                        .size());
    }

    @Test
    void multi30kRecipeSwapsTheColumnsForGermanToEnglish() {
        Seq2SeqConfig c = Seq2SeqConfig.load(recipes().resolve("multi30k-de-en-attention.yaml"));
        assertEquals("target", c.data().sourceColumn());
        assertEquals("source", c.data().targetColumn());
        assertEquals(AttentionType.BAHDANAU, c.model().attention());
        assertEquals(256, c.model().hiddenSize());
    }
}
