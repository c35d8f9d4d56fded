package dev.tolk.cli;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.BleuScore;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.train.TrainResult;
import dev.tolk.seq2seq.train.Trainer;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk quickstart}: the main job end to end on the bundled synthetic corpus (English → French): generate it,
 * train a small attention GRU, translate the held-out test set with beam search, print BLEU with its signature and a
 * few examples. A few minutes on two cores.
 */
@Command(
        name = "quickstart",
        description = {
            "Generate the bundled English-French corpus, train a small attention GRU translator,",
            "translate the held-out test set and print BLEU and example translations (a few minutes)."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class QuickstartCommand implements Callable<Integer> {
    /** The quickstart's settings: a small attention GRU that learns the synthetic corpus in a few minutes. */
    static final List<String> SETTINGS = List.of(
            "data.tokenizer=word",
            "data.shared_vocab=true",
            "model.embedding_size=128",
            "model.hidden_size=128",
            "model.embedding_dropout=0.1",
            "model.hidden_dropout=0.0",
            "model.output_dropout=0.1",
            "model.label_smoothing=0.1",
            "train.batch_tokens=1600",
            "train.lr=0.003",
            "train.validate_every=100",
            "train.checkpoint_every=100",
            "train.early_stopping_patience=3",
            "train.best_metric=bleu",
            "train.keep_checkpoints=1",
            "decode.beam_size=5");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            defaultValue = "quickstart",
            description =
                    "Where the corpus (DIR/data), model and checkpoints go (default: ${DEFAULT-VALUE}); a previous "
                            + "quickstart run there is replaced.")
    Path dir;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seed of the corpus and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-steps",
            paramLabel = "N",
            defaultValue = "800",
            description = "Training updates (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(
            names = "--train-pairs",
            paramLabel = "N",
            defaultValue = "12000",
            description = "Training pairs to generate (default: ${DEFAULT-VALUE}; 500 validation and 500 test pairs).")
    int trainPairs;

    /** One thread: this model's products are small, and one was measured 3-5x faster than two on a shared machine. */
    @Mixin
    ThreadsOption threads = new ThreadsOption(1);

    @Override
    public Integer call() throws Exception {
        if (maxSteps < 1) {
            throw new UsageException("--max-steps must be >= 1, got " + maxSteps);
        }
        if (trainPairs < 100 || trainPairs > 500_000) {
            throw new UsageException("--train-pairs must be in [100, 500000], got " + trainPairs);
        }
        int threadCount = threads.value();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Split<SentencePair> corpus = SyntheticCorpus.builder()
                .seed(seed)
                .trainPairs(trainPairs)
                .validPairs(500)
                .testPairs(500)
                .build()
                .write(data);
        err.printf(
                Locale.ROOT,
                "corpus: %d / %d / %d English-French pairs in %s%n",
                corpus.train().size(),
                corpus.valid().size(),
                corpus.test().size(),
                data);
        err.flush();
        List<String> settings = new java.util.ArrayList<>(SETTINGS);
        settings.add("data.train=" + data.resolve("train.csv"));
        settings.add("data.valid=" + data.resolve("valid.csv"));
        settings.add("train.seed=" + seed);
        settings.add("train.max_steps=" + maxSteps);
        settings.add("train.epochs=1000");
        settings.add("train.threads=" + threadCount);
        Seq2SeqConfig config = Seq2SeqConfig.DEFAULTS.withOverrides(settings);
        TrainResult r = TrainCommand.train(spec, config, dir, BadRowPolicy.ERROR, Trainer.Start.OVERWRITE);
        TrainCommand.failIfDiverged(r);
        double trainSeconds = r.elapsed().toMillis() / 1000.0;
        Translator translator = Translator.load(dir);
        List<String> sources = corpus.test().stream().map(SentencePair::source).toList();
        List<String> refs = corpus.test().stream().map(SentencePair::target).toList();
        long t0 = System.nanoTime();
        List<String> hyps = translator.translate(sources, translator.decodeConfig(), Batching.DEFAULT).stream()
                .map(TranslationResult::translation)
                .toList();
        double translateSeconds = (System.nanoTime() - t0) / 1e9;
        BleuScore bleu = new Bleu(BleuConfig.corpusDefaults()).corpusScore(hyps, List.of(refs));
        out.printf(
                Locale.ROOT,
                "Trained %s (%,d parameters) for %d updates in %.0f s (%.0f tokens/s); model: %s%n",
                "an attention GRU",
                r.parameters(),
                r.steps(),
                trainSeconds,
                r.trainTokensPerSecond(),
                r.modelFile());
        out.printf(
                Locale.ROOT,
                "Translated the %d held-out test sentences (beam %d) in %.1f s.%n",
                sources.size(),
                translator.decodeConfig().beamSize(),
                translateSeconds);
        out.println();
        out.println(bleu.format());
        out.println();
        for (int i = 0; i < 5 && i < sources.size(); i++) {
            out.println("source:      " + sources.get(i));
            out.println("reference:   " + refs.get(i));
            out.println("translation: " + hyps.get(i));
            out.println();
        }
        out.printf(
                Locale.ROOT,
                "Total %.0f s. Next: ./tolk translate --model %s <<< \"%s\"%n",
                (System.nanoTime() - started) / 1e9,
                dir,
                sources.get(0));
        out.flush();
        return Tolk.EXIT_OK;
    }
}
