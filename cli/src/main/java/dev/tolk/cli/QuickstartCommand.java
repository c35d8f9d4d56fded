package dev.tolk.cli;

import dev.tolk.data.AtomicFile;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CsvCorpusReader;
import dev.tolk.data.CsvCorpusWriter;
import dev.tolk.data.PairFilter;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.bundled.BundledCorpus;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.BleuScore;
import dev.tolk.eval.ChrF;
import dev.tolk.eval.ChrFConfig;
import dev.tolk.eval.ChrFScore;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.train.TrainResult;
import dev.tolk.seq2seq.train.Trainer;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk quickstart}: the main job end to end on a real corpus: extract the bundled Tatoeba English→French
 * corpus ({@link BundledCorpus#TATOEBA_EN_FR}), learn a shared BPE vocabulary, train a small attention GRU for a fixed
 * number of updates, translate the held-out test set and print BLEU and chrF with their signatures and a few
 * examples; a few minutes on two cores. {@code --corpus synthetic} uses the generated grammar instead (seconds; for
 * tests of the machinery).
 */
@Command(
        name = "quickstart",
        description = {
            "Train a small English-French translator on the bundled Tatoeba corpus, translate its held-out test set",
            "and print BLEU, chrF and example translations (about 5 minutes on 2 cores)."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class QuickstartCommand implements Callable<Integer> {
    /** The quickstart's settings on Tatoeba: a small attention GRU over a shared 6000-unit BPE vocabulary. */
    static final List<String> SETTINGS = List.of(
            "data.tokenizer=bpe",
            "data.bpe_vocab_size=6000",
            "data.shared_vocab=true",
            "data.max_length=50",
            "model.embedding_size=128",
            "model.hidden_size=256",
            "model.embedding_dropout=0.1",
            "model.hidden_dropout=0.1",
            "model.output_dropout=0.1",
            "model.label_smoothing=0.1",
            "train.batch_tokens=3000",
            "train.lr=0.002",
            "train.early_stopping_patience=100",
            "train.best_metric=bleu",
            "train.keep_checkpoints=1",
            "decode.beam_size=5");

    /** The settings on the synthetic grammar (a word vocabulary; it learns in a few hundred updates). */
    static final List<String> SYNTHETIC_SETTINGS = List.of(
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
            "train.early_stopping_patience=3",
            "train.best_metric=bleu",
            "train.keep_checkpoints=1",
            "decode.beam_size=5");

    /** The corpora quickstart can train on. */
    enum Corpus {
        TATOEBA,
        SYNTHETIC
    }

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
            names = "--corpus",
            paramLabel = "tatoeba|synthetic",
            defaultValue = "tatoeba",
            description = "The bundled Tatoeba English-French sentences (default) or the generated synthetic grammar.")
    Corpus corpusName;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seed of training (and of the synthetic corpus) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-steps",
            paramLabel = "N",
            description = "At most this many training updates (default: 100000 on Tatoeba, where --minutes ends "
                    + "training first; 800 on the synthetic corpus).")
    Long maxSteps;

    @Option(
            names = "--minutes",
            paramLabel = "M",
            description = "Time budget of training, corpus reading and BPE included (default: 4.25 on Tatoeba, so "
                    + "that the whole quickstart takes at most about 5 minutes; 0 = none, the default on the "
                    + "synthetic corpus). The number of updates it allows depends on the machine.")
    Double minutes;

    @Option(
            names = "--train-pairs",
            paramLabel = "N",
            description = "Training pairs (default: all 163,258 of Tatoeba; 12000 generated synthetic pairs).")
    Integer trainPairs;

    @Option(
            names = "--test-pairs",
            paramLabel = "N",
            description = "Test pairs to translate and score (default: all 1,889 of Tatoeba; 500 synthetic).")
    Integer testPairs;

    /** One thread: this model's products are small, and one was measured faster than two on a shared machine. */
    @Mixin
    ThreadsOption threads = new ThreadsOption(1);

    @Mixin
    LogOptions log = new LogOptions();

    @Override
    public Integer call() throws Exception {
        log.apply();
        boolean tatoeba = corpusName == Corpus.TATOEBA;
        BundledCorpus bundled = BundledCorpus.TATOEBA_EN_FR;
        long steps = maxSteps != null ? maxSteps : tatoeba ? 100_000 : 800;
        double budgetMinutes = minutes != null ? minutes : tatoeba ? 4.25 : 0;
        if (!(budgetMinutes >= 0 && budgetMinutes <= 10_000)) {
            throw new UsageException("--minutes must be in [0, 10000] (0 = no time budget), got " + minutes);
        }
        int maxTrain = tatoeba ? bundled.train().pairs() : 500_000;
        int trainCount = trainPairs != null ? trainPairs : tatoeba ? maxTrain : 12_000;
        int maxTest = tatoeba ? bundled.test().pairs() : 500;
        int testCount = testPairs != null ? testPairs : maxTest;
        if (steps < 1) {
            throw new UsageException("--max-steps must be >= 1, got " + steps);
        }
        if (trainCount < 100 || trainCount > maxTrain) {
            throw new UsageException("--train-pairs must be in [100, " + maxTrain + "], got " + trainCount);
        }
        if (testCount < 1 || testCount > maxTest) {
            throw new UsageException("--test-pairs must be in [1, " + maxTest + "], got " + testCount);
        }
        int threadCount = threads.value();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        List<SentencePair> test;
        if (tatoeba) {
            test = extractTatoeba(bundled, data, trainCount, testCount);
            err.printf(
                    Locale.ROOT,
                    "corpus: Tatoeba English-French (CC BY 2.0 FR, see %s), %d / %d / %d pairs in %s%n",
                    data.resolve(ATTRIBUTION),
                    trainCount,
                    VALID_PAIRS,
                    test.size(),
                    data);
        } else {
            Split<SentencePair> corpus = SyntheticCorpus.builder()
                    .seed(seed)
                    .trainPairs(trainCount)
                    .validPairs(500)
                    .testPairs(testCount)
                    .build()
                    .write(data);
            test = corpus.test();
            err.printf(
                    Locale.ROOT,
                    "corpus: synthetic English-French, %d / %d / %d pairs in %s%n",
                    corpus.train().size(),
                    corpus.valid().size(),
                    corpus.test().size(),
                    data);
        }
        err.flush();
        List<String> settings = new ArrayList<>(tatoeba ? SETTINGS : SYNTHETIC_SETTINGS);
        settings.add("data.train=" + data.resolve("train.csv"));
        settings.add("data.valid=" + data.resolve("valid.csv"));
        settings.add("train.seed=" + seed);
        settings.add("train.max_steps=" + steps);
        settings.add("train.epochs=1000");
        long validateEvery = tatoeba ? Math.min(250, Math.max(1, steps / 2)) : 100;
        settings.add("train.validate_every=" + validateEvery);
        settings.add("train.checkpoint_every=" + validateEvery);
        settings.add("train.threads=" + threadCount);
        Seq2SeqConfig config = Seq2SeqConfig.DEFAULTS.withOverrides(settings);
        TrainResult r = TrainCommand.train(
                spec,
                config,
                dir,
                BadRowPolicy.ERROR,
                Trainer.Start.OVERWRITE,
                null,
                log.quiet,
                budgetMinutes > 0 ? Duration.ofMillis(Math.round(budgetMinutes * 60_000)) : null);
        if (r.reason() == StopReason.INTERRUPTED) {
            return TrainCommand.interrupted(spec, r, dir);
        }
        TrainCommand.failIfDiverged(r);
        double trainSeconds = r.elapsed().toMillis() / 1000.0;
        Translator translator = Translator.load(dir);
        List<String> sources = test.stream().map(SentencePair::source).toList();
        List<String> refs = test.stream().map(SentencePair::target).toList();
        long t0 = System.nanoTime();
        List<String> hyps = translator.translate(sources, translator.decodeConfig(), Batching.DEFAULT).stream()
                .map(TranslationResult::translation)
                .toList();
        double translateSeconds = (System.nanoTime() - t0) / 1e9;
        BleuScore bleu = new Bleu(BleuConfig.corpusDefaults()).corpusScore(hyps, List.of(refs));
        ChrFScore chrf = new ChrF(ChrFConfig.chrF()).corpusScore(hyps, List.of(refs));
        out.printf(
                Locale.ROOT,
                "Trained %s (%,d parameters) for %d updates in %.0f s (%.0f tokens/s); model: %s%n",
                tatoeba ? "an English-French attention GRU" : "an attention GRU on the synthetic corpus",
                r.parameters(),
                r.steps(),
                trainSeconds,
                r.trainTokensPerSecond(),
                r.modelFile());
        out.printf(
                Locale.ROOT,
                "Translated the %d held-out test sentences (%s) in %.1f s.%n",
                sources.size(),
                translator.decodeConfig().beamSize() == 1
                        ? "greedy"
                        : "beam " + translator.decodeConfig().beamSize(),
                translateSeconds);
        out.println();
        out.println(bleu.format());
        out.println(chrf.format());
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
                tatoeba ? "I am hungry." : sources.get(0));
        out.flush();
        return Tolk.EXIT_OK;
    }

    /** The quickstart's validation pairs: the first of the bundled validation part (fast validations). */
    static final int VALID_PAIRS = 500;

    static final String ATTRIBUTION = "ATTRIBUTION.txt";

    /**
     * Writes the training pairs (the first {@code trainCount}), the first {@value #VALID_PAIRS} validation pairs, the
     * first {@code testCount} test pairs and the attribution into {@code data}.
     *
     * @return the test pairs
     */
    private static List<SentencePair> extractTatoeba(BundledCorpus bundled, Path data, int trainCount, int testCount)
            throws IOException {
        Path whole = data.resolve("bundled");
        CorpusFormat csv = CorpusFormat.csv();
        List<SentencePair> test = null;
        for (BundledCorpus.Part part : List.of(bundled.train(), bundled.valid(), bundled.test())) {
            Path file = bundled.extract(part, whole);
            int keep = part == bundled.train() ? trainCount : part == bundled.valid() ? VALID_PAIRS : testCount;
            List<SentencePair> pairs = new CsvCorpusReader(csv, PairFilter.NONE, BadRowPolicy.ERROR)
                    .readAll(file)
                    .pairs();
            pairs = pairs.subList(0, Math.min(keep, pairs.size()));
            CsvCorpusWriter.write(data.resolve(part.name() + ".csv"), csv, pairs);
            if (part == bundled.test()) {
                test = pairs;
            }
        }
        AtomicFile.writeString(data.resolve(ATTRIBUTION), bundled.attribution());
        return test;
    }
}
