package dev.tolk.seq2seq.quickstart;

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
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The quickstart on one corpus: the bundled Tatoeba English→French sentences ({@link BundledCorpus#TATOEBA_EN_FR})
 * with a small attention GRU over a shared 4000-unit BPE vocabulary, or the generated synthetic grammar (seconds; for
 * tests of the machinery). {@link #prepare} writes the corpus parts and returns the training configuration; the
 * caller trains (with its own progress display and stop signals) into the same directory; {@link #evaluate} then
 * translates the held-out test pairs with the trained model and scores them with BLEU and chrF.
 *
 * <p>Immutable; {@link #of} fills in each corpus's defaults and validates.
 *
 * @param corpus the corpus
 * @param seed seed of training (and of the synthetic corpus)
 * @param maxSteps at most this many training updates, at least 1
 * @param timeBudget the time budget of training (corpus reading and BPE included), or null for none
 * @param trainPairs training pairs, at least 100 and at most the corpus's ({@link Corpus#maxTrainPairs()})
 * @param testPairs test pairs to translate and score, at least 1 and at most {@link Corpus#maxTestPairs()}
 */
public record Quickstart(
        Quickstart.Corpus corpus, long seed, long maxSteps, Duration timeBudget, int trainPairs, int testPairs) {

    /** The quickstart's settings on Tatoeba: a small attention GRU over a shared 4000-unit BPE vocabulary. */
    public static final List<String> TATOEBA_SETTINGS = List.of(
            "data.tokenizer=bpe",
            "data.bpe_vocab_size=4000",
            "data.shared_vocab=true",
            "data.max_length=50",
            "model.embedding_size=128",
            "model.hidden_size=256",
            "model.embedding_dropout=0.1",
            "model.hidden_dropout=0.1",
            "model.output_dropout=0.1",
            "model.label_smoothing=0.1",
            "train.batch_tokens=3000",
            "train.lr=0.003",
            "train.early_stopping_patience=100",
            "train.best_metric=bleu",
            "train.keep_checkpoints=1",
            "decode.beam_size=5");

    /** The settings on the synthetic grammar (a word vocabulary; it learns in a few hundred updates). */
    public static final List<String> SYNTHETIC_SETTINGS = List.of(
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

    /** The validation pairs on Tatoeba: the first of the bundled validation part (fast validations). */
    public static final int TATOEBA_VALID_PAIRS = 500;

    /** The synthetic corpus's validation pairs. */
    public static final int SYNTHETIC_VALID_PAIRS = 500;

    /** The attribution file written beside the Tatoeba sentences. */
    public static final String ATTRIBUTION = "ATTRIBUTION.txt";

    /** The corpora the quickstart can train on. */
    public enum Corpus {
        /** The bundled Tatoeba English→French sentences. */
        TATOEBA,
        /** The generated synthetic grammar. */
        SYNTHETIC;

        /** The most training pairs: all of Tatoeba's, or {@code 500,000} synthetic ones. */
        public int maxTrainPairs() {
            return this == TATOEBA ? BundledCorpus.TATOEBA_EN_FR.train().pairs() : 500_000;
        }

        /** The most test pairs: all of Tatoeba's, or 500 synthetic ones. */
        public int maxTestPairs() {
            return this == TATOEBA ? BundledCorpus.TATOEBA_EN_FR.test().pairs() : 500;
        }
    }

    /** Validates; see the record's parameters. */
    public Quickstart {
        if (corpus == null) {
            throw new IllegalArgumentException("corpus must be given");
        }
        if (timeBudget != null && (timeBudget.isNegative() || timeBudget.isZero())) {
            throw new IllegalArgumentException("the time budget must be > 0 (or none), got " + timeBudget);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps must be >= 1, got " + maxSteps);
        }
        if (trainPairs < 100 || trainPairs > corpus.maxTrainPairs()) {
            throw new IllegalArgumentException(
                    "--train-pairs must be in [100, " + corpus.maxTrainPairs() + "], got " + trainPairs);
        }
        if (testPairs < 1 || testPairs > corpus.maxTestPairs()) {
            throw new IllegalArgumentException(
                    "--test-pairs must be in [1, " + corpus.maxTestPairs() + "], got " + testPairs);
        }
    }

    /**
     * The quickstart with each corpus's defaults for the settings not given (null): on Tatoeba at most 100,000
     * updates within 4.25 minutes (so that the whole quickstart takes about 5 minutes), all training and test pairs;
     * on the synthetic corpus 800 updates with no time budget, 12,000 training and 500 test pairs. The messages of
     * invalid settings name them as {@code tolk quickstart}'s options do.
     *
     * @param minutes the time budget in minutes, in [0, 10000]; 0 = none
     * @throws IllegalArgumentException for a setting out of range
     */
    public static Quickstart of(
            Corpus corpus, long seed, Long maxSteps, Double minutes, Integer trainPairs, Integer testPairs) {
        boolean tatoeba = corpus == Corpus.TATOEBA;
        double budgetMinutes = minutes != null ? minutes : tatoeba ? 4.25 : 0;
        if (!(budgetMinutes >= 0 && budgetMinutes <= 10_000)) {
            throw new IllegalArgumentException("--minutes must be in [0, 10000] (0 = no time budget), got " + minutes);
        }
        return new Quickstart(
                corpus,
                seed,
                maxSteps != null ? maxSteps : tatoeba ? 100_000 : 800,
                budgetMinutes > 0 ? Duration.ofMillis(Math.round(budgetMinutes * 60_000)) : null,
                trainPairs != null ? trainPairs : tatoeba ? corpus.maxTrainPairs() : 12_000,
                testPairs != null ? testPairs : corpus.maxTestPairs());
    }

    /**
     * The corpus and configuration written by {@link #prepare}.
     *
     * @param data the directory of {@code train.csv}, {@code valid.csv} and {@code test.csv}
     * @param config the training configuration (corpus paths, seed, updates, validation interval, threads included)
     * @param trainPairs training pairs written
     * @param validPairs validation pairs written
     * @param test the test pairs written, to translate once trained
     */
    public record Prepared(Path data, Seq2SeqConfig config, int trainPairs, int validPairs, List<SentencePair> test) {
        /** Copies the test pairs. */
        public Prepared {
            test = List.copyOf(test);
        }
    }

    /**
     * Writes the corpus into {@code dir/data}: on Tatoeba the first {@link #trainPairs()} training pairs, the first
     * {@value #TATOEBA_VALID_PAIRS} validation pairs, the first {@link #testPairs()} test pairs and the attribution
     * ({@value #ATTRIBUTION}); on the synthetic grammar the generated parts. Returns them with the training
     * configuration for {@code dir}.
     *
     * @param threads the training's matrix-product threads ({@code train.threads}: 0 = all cores)
     * @throws IOException when the corpus cannot be written
     */
    public Prepared prepare(Path dir, int threads) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        int written;
        int valid;
        List<SentencePair> test;
        if (corpus == Corpus.TATOEBA) {
            test = extractTatoeba(data);
            written = trainPairs;
            valid = TATOEBA_VALID_PAIRS;
        } else {
            Split<SentencePair> split = SyntheticCorpus.builder()
                    .seed(seed)
                    .trainPairs(trainPairs)
                    .validPairs(SYNTHETIC_VALID_PAIRS)
                    .testPairs(testPairs)
                    .build()
                    .write(data);
            test = split.test();
            written = split.train().size();
            valid = split.valid().size();
        }
        return new Prepared(data, config(data, threads), written, valid, test);
    }

    /**
     * The training configuration: the corpus's settings, the corpus files in {@code data}, the seed, the updates
     * (and 1000 epochs, so that the updates or the time budget end training), validation and checkpoints every 250
     * updates (at most half the updates) on Tatoeba and every 100 on the synthetic corpus, and the threads.
     */
    Seq2SeqConfig config(Path data, int threads) {
        boolean tatoeba = corpus == Corpus.TATOEBA;
        List<String> settings = new ArrayList<>(tatoeba ? TATOEBA_SETTINGS : SYNTHETIC_SETTINGS);
        settings.add("data.train=" + data.resolve("train.csv"));
        settings.add("data.valid=" + data.resolve("valid.csv"));
        settings.add("train.seed=" + seed);
        settings.add("train.max_steps=" + maxSteps);
        settings.add("train.epochs=1000");
        long validateEvery = tatoeba ? Math.min(250, Math.max(1, maxSteps / 2)) : 100;
        settings.add("train.validate_every=" + validateEvery);
        settings.add("train.checkpoint_every=" + validateEvery);
        settings.add("train.threads=" + threads);
        return Seq2SeqConfig.DEFAULTS.withOverrides(settings);
    }

    /** Writes the Tatoeba subsets and the attribution into {@code data}; returns the test pairs. */
    private List<SentencePair> extractTatoeba(Path data) throws IOException {
        BundledCorpus bundled = BundledCorpus.TATOEBA_EN_FR;
        Path whole = data.resolve("bundled");
        CorpusFormat csv = CorpusFormat.csv();
        List<SentencePair> test = null;
        for (BundledCorpus.Part part : List.of(bundled.train(), bundled.valid(), bundled.test())) {
            Path file = bundled.extract(part, whole);
            int keep = part == bundled.train() ? trainPairs : part == bundled.valid() ? TATOEBA_VALID_PAIRS : testPairs;
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

    /**
     * The test set translated and scored.
     *
     * @param sources the test sources
     * @param references their reference translations
     * @param translations the model's translations, one per source
     * @param beamSize the beam the model decoded with (1 = greedy)
     * @param translateSeconds wall time of the translation
     * @param bleu corpus BLEU (sacreBLEU's defaults)
     * @param chrf corpus chrF
     */
    public record Evaluation(
            List<String> sources,
            List<String> references,
            List<String> translations,
            int beamSize,
            double translateSeconds,
            BleuScore bleu,
            ChrFScore chrf) {
        /** Copies the lists. */
        public Evaluation {
            sources = List.copyOf(sources);
            references = List.copyOf(references);
            translations = List.copyOf(translations);
        }
    }

    /**
     * Translates the {@code test} pairs with the model trained in {@code modelDir} (its own decoding settings, in
     * sorted batches) and scores the translations against the references with corpus BLEU and chrF.
     *
     * @throws IOException when the model cannot be read
     */
    public static Evaluation evaluate(Path modelDir, List<SentencePair> test) throws IOException {
        Translator translator = Translator.load(modelDir);
        List<String> sources = test.stream().map(SentencePair::source).toList();
        List<String> refs = test.stream().map(SentencePair::target).toList();
        long t0 = System.nanoTime();
        List<String> hyps = translator.translate(sources, translator.decodeConfig(), Batching.DEFAULT).stream()
                .map(TranslationResult::translation)
                .toList();
        double seconds = (System.nanoTime() - t0) / 1e9;
        BleuScore bleu = new Bleu(BleuConfig.corpusDefaults()).corpusScore(hyps, List.of(refs));
        ChrFScore chrf = new ChrF(ChrFConfig.chrF()).corpusScore(hyps, List.of(refs));
        return new Evaluation(sources, refs, hyps, translator.decodeConfig().beamSize(), seconds, bleu, chrf);
    }
}
