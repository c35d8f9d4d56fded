package dev.tolk.serve;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny attention GRU trained once per test JVM on the bundled synthetic corpus (English → French, word tokens):
 * a few seconds of training, enough to translate short sentences plausibly and to have attention, a validation log
 * and a step log. Its directory (corpus and model, about 4 MB) lives in a temporary directory that the JVM deletes
 * when it exits: the test classes that share it run in one JVM, and no {@code @TempDir} spans them.
 */
final class TinyModel {
    static final int STEPS = 120;
    static final int VALIDATE_EVERY = 40;

    private static Path dir;
    private static Split<SentencePair> corpus;

    private TinyModel() {}

    /** @return the model directory (trained on first use) */
    static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = train();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** @return held-out sentences of the corpus the model learned */
    static synchronized List<String> testSentences() {
        dir();
        return corpus.test().stream().map(SentencePair::source).toList();
    }

    private static Path train() throws IOException {
        Path root = Files.createTempDirectory("tolk-serve-tiny-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "tolk-serve-tiny-cleanup"));
        corpus = SyntheticCorpus.builder()
                .seed(7)
                .trainPairs(2000)
                .validPairs(60)
                .testPairs(100)
                .build()
                .write(root);
        Seq2SeqConfig config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + root.resolve("train.csv"),
                "data.valid=" + root.resolve("valid.csv"),
                "data.tokenizer=word",
                "data.shared_vocab=true",
                "model.embedding_size=32",
                "model.hidden_size=64",
                "model.hidden_dropout=0",
                "train.batch_tokens=1200",
                "train.max_steps=" + STEPS,
                "train.validate_every=" + VALIDATE_EVERY,
                "train.checkpoint_every=" + STEPS,
                "train.best_metric=bleu",
                "train.lr=0.005",
                "train.seed=3",
                "train.threads=1",
                "decode.beam_size=3"));
        Path model = root.resolve("model");
        new Trainer(config, model, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {});
        return model;
    }

    /** Deletes {@code root} and everything under it, deepest paths first. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the tiny model's directory " + root, e);
        }
    }
}
