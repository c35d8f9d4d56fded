package dev.tolk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.CellType;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.lm.CharLanguageModel;
import dev.tolk.seq2seq.lm.CharStream;
import dev.tolk.seq2seq.lm.CharVocabulary;
import dev.tolk.seq2seq.lm.LmConfig;
import dev.tolk.seq2seq.lm.LmEvaluation;
import dev.tolk.seq2seq.lm.LmModelFile;
import dev.tolk.seq2seq.lm.LmRun;
import dev.tolk.seq2seq.lm.LmTrainingConfig;
import dev.tolk.seq2seq.lm.Sampler;
import dev.tolk.seq2seq.lm.Utf8Text;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk lm train|sample|ppl}: the character-level language model ({@link CharLanguageModel}) with a
 * SimpleRNN, LSTM or GRU cell, trained by truncated BPTT over a text read as one stream.
 */
@Command(
        name = "lm",
        description = "Character-level language model: train, sample, perplexity.",
        mixinStandardHelpOptions = true,
        subcommands = {LmCommand.Train.class, LmCommand.Sample.class, LmCommand.Ppl.class})
public final class LmCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing command: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }

    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UsageException(option + " must be >= " + min + ", got " + value);
        }
    }

    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageException(option + " must be a finite number > 0, got " + value);
        }
    }

    /** {@code tolk lm train}. */
    @Command(
            name = "train",
            description = {
                "Train a character language model on a UTF-8 text read as one long stream.",
                "Every code point is a character (newline included); the vocabulary comes from the training part.",
                "The text's tail (--valid-fraction) is held out: validation perplexity and bits per character are",
                "printed to standard error at every validation. Writes DIR/lm.tolk (the model) and",
                "DIR/lm-checkpoint.tolk (atomic, at every validation); --resume continues from the checkpoint."
            },
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class Train implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--input", required = true, paramLabel = "TEXT", description = "The training text (UTF-8).")
        Path input;

        @Option(
                names = "--model-dir",
                required = true,
                paramLabel = "DIR",
                description = "Where model and checkpoint go.")
        Path modelDir;

        @Option(names = "--cell", paramLabel = "CELL", description = "rnn, lstm or gru (default: ${DEFAULT-VALUE}).")
        String cell = "lstm";

        @Option(names = "--hidden", paramLabel = "N", description = "State size per layer (default: ${DEFAULT-VALUE}).")
        int hidden = 256;

        @Option(names = "--layers", paramLabel = "L", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
        int layers = 1;

        @Option(
                names = "--bptt",
                paramLabel = "K",
                description = "Time steps per update, the truncation window (default: ${DEFAULT-VALUE}).")
        int bptt = 64;

        @Option(names = "--embedding", paramLabel = "E", description = "Embedding size (default: ${DEFAULT-VALUE}).")
        int embedding = 64;

        @Option(names = "--one-hot", description = "One-hot input vectors instead of an embedding.")
        boolean oneHot;

        @Option(
                names = "--batch",
                paramLabel = "B",
                description = "Parallel stream columns (default: ${DEFAULT-VALUE}).")
        int batch = 32;

        @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
        double lr = 2e-3;

        @Option(
                names = "--clip",
                paramLabel = "NORM",
                description = "Maximum gradient norm (default: ${DEFAULT-VALUE}).")
        double clip = 5.0;

        @Option(names = "--steps", paramLabel = "N", description = "Stop after N updates (instead of --epochs).")
        Long steps;

        @Option(names = "--epochs", paramLabel = "N", description = "Passes over the text (default: 1 unless --steps).")
        Integer epochs;

        @Option(names = "--max-seconds", paramLabel = "S", description = "Also stop after S seconds of wall time.")
        double maxSeconds;

        @Option(
                names = "--valid-fraction",
                paramLabel = "F",
                description = "Share of the text's tail held out (default: ${DEFAULT-VALUE}).")
        double validFraction = 0.05;

        @Option(
                names = "--valid-every",
                paramLabel = "N",
                description = "Updates between validations and checkpoints (default: ${DEFAULT-VALUE}).")
        int validEvery = 500;

        @Option(
                names = "--seed",
                paramLabel = "S",
                description = "Seed of the initialisation (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Mixin
        ThreadsOption threads = new ThreadsOption();

        @Option(names = "--resume", description = "Continue from DIR/lm-checkpoint.tolk if it exists.")
        boolean resume;

        @Option(names = "--json", description = "Print the summary as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CellType cellType;
            try {
                cellType = CellType.parse(cell);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--cell must be one of rnn, lstm, gru, got '" + cell + "'");
            }
            atLeast("--hidden", hidden, 1);
            atLeast("--layers", layers, 1);
            atLeast("--bptt", bptt, 1);
            atLeast("--batch", batch, 1);
            atLeast("--valid-every", validEvery, 1);
            if (oneHot && spec.commandLine().getParseResult().hasMatchedOption("--embedding")) {
                throw new UsageException("--one-hot and --embedding cannot go together; choose one input kind");
            }
            if (!oneHot) {
                atLeast("--embedding", embedding, 1);
            }
            positive("--lr", lr);
            positive("--clip", clip);
            if (steps != null && epochs != null) {
                throw new UsageException(
                        "--steps and --epochs cannot go together, got --steps " + steps + " --epochs " + epochs);
            }
            if (steps != null) {
                atLeast("--steps", steps, 1);
            }
            if (epochs != null) {
                atLeast("--epochs", epochs, 1);
            }
            if (!(validFraction >= 0 && validFraction <= 0.5)) {
                throw new UsageException("--valid-fraction must be in [0, 0.5], got " + validFraction);
            }
            if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
                throw new UsageException("--max-seconds must be a finite number >= 0, got " + maxSeconds);
            }
            threads.apply();
            LmTrainingConfig training = new LmTrainingConfig(
                    bptt,
                    batch,
                    lr,
                    clip,
                    steps == null ? 0 : steps,
                    steps == null ? (epochs == null ? 1 : epochs) : 0,
                    validFraction,
                    validEvery,
                    maxSeconds,
                    seed);
            int embeddingSize = oneHot ? 0 : embedding;
            PrintWriter err = spec.commandLine().getErr();
            TrainingListener progress = new TrainingListener() {
                private StepEvent lastStep;

                @Override
                public void onStep(StepEvent event) {
                    lastStep = event;
                }

                @Override
                public void onValidation(ValidationEvent e) {
                    err.printf(
                            Locale.ROOT,
                            "step %d epoch %d: train loss %.3f, valid ppl %.3f, %.3f bits/char%s " + "(%.0f chars/s)%n",
                            e.step(),
                            e.epoch(),
                            lastStep == null ? Double.NaN : lastStep.loss(),
                            e.metrics().get("ppl"),
                            e.metrics().get("bpc"),
                            e.best() ? " *" : "",
                            lastStep == null ? 0.0 : lastStep.tokensPerSecond());
                    err.flush();
                }
            };
            LmRun.Outcome out = LmRun.train(
                    input,
                    modelDir,
                    v -> new LmConfig(cellType, v, embeddingSize, hidden, layers),
                    training,
                    resume,
                    progress,
                    Clock.systemUTC());
            PrintWriter o = spec.commandLine().getOut();
            Perplexity valid = out.training().valid();
            if (json) {
                ObjectNode j = JSON.createObjectNode();
                j.put("model", modelDir.resolve(LmModelFile.FILE_NAME).toString());
                j.set("config", out.model().config().toJson());
                j.set("training", training.toJson());
                j.put("steps", out.training().steps());
                j.put("epoch", out.training().epoch());
                j.put("stop", out.training().reason().name().toLowerCase(Locale.ROOT));
                j.put("train_chars", out.trainCharacters());
                j.put("valid_chars", out.validCharacters());
                j.put("vocabulary_size", out.model().config().vocabularySize());
                putFinite(j, "valid_ppl", valid == null ? Double.NaN : valid.value());
                putFinite(j, "valid_bpc", valid == null ? Double.NaN : valid.bitsPerToken());
                j.put("chars_per_second", out.training().charactersPerSecond());
                j.put("training_seconds", out.training().trainingSeconds());
                j.put("resumed_from_step", out.resumedFromStep());
                o.println(JSON.writeValueAsString(j));
            } else {
                o.printf(
                        Locale.ROOT,
                        "%s: %s, %d updates (%s), %d characters for training, %d held out, vocabulary %d%n",
                        modelDir.resolve(LmModelFile.FILE_NAME),
                        cellType.configName(),
                        out.training().steps(),
                        out.training().detail(),
                        out.trainCharacters(),
                        out.validCharacters(),
                        out.model().config().vocabularySize());
                if (valid != null) {
                    o.printf(Locale.ROOT, "valid ppl %.4f, %.4f bits/char%n", valid.value(), valid.bitsPerToken());
                }
                o.printf(
                        Locale.ROOT,
                        "%.0f chars/s trained (%.1f s)%n",
                        out.training().charactersPerSecond(),
                        out.training().trainingSeconds());
            }
            o.flush();
            return Tolk.EXIT_OK;
        }
    }

    /** {@code tolk lm sample}. */
    @Command(
            name = "sample",
            description = {
                "Generate text: prints the prime followed by LENGTH generated characters and a newline.",
                "The same model, prime, length, temperature and seed give the same text. Temperature 0 takes the",
                "most likely character; an empty prime starts from the training text's character frequencies."
            },
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class Sample implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "M", description = "A model file or model directory.")
        Path model;

        @Option(names = "--prime", paramLabel = "TEXT", description = "Text to continue (default: empty).")
        String prime = "";

        @Option(
                names = "--length",
                paramLabel = "N",
                description = "Characters to generate (default: ${DEFAULT-VALUE}).")
        int length = 200;

        @Option(
                names = "--temperature",
                paramLabel = "T",
                description = "Softmax temperature >= 0 (default: ${DEFAULT-VALUE}).")
        double temperature = 1.0;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Override
        public Integer call() throws Exception {
            atLeast("--length", length, 0);
            if (!(temperature >= 0) || Double.isInfinite(temperature)) {
                throw new UsageException("--temperature must be a finite number >= 0, got " + temperature);
            }
            LmModelFile file = LmModelFile.read(model);
            String text = new Sampler(temperature, seed)
                    .sample(file.toModel(), file.vocabulary(), file.unigramCounts(), prime, length);
            PrintWriter o = spec.commandLine().getOut();
            o.print(prime);
            o.print(text);
            o.print('\n');
            o.flush();
            return Tolk.EXIT_OK;
        }
    }

    /** {@code tolk lm ppl}. */
    @Command(
            name = "ppl",
            description = {
                "Perplexity and bits per character of a UTF-8 text under a model.",
                "All n-1 characters after the first are predicted; the text is scored in --batch columns, each",
                "starting from a zero state. Characters not in the model's vocabulary are read and predicted as <unk>",
                "(a symbol the model never saw in training, so they are costly) and counted in 'unknown'."
            },
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class Ppl implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "M", description = "A model file or model directory.")
        Path model;

        @Option(names = "--input", required = true, paramLabel = "TEXT", description = "The text to score (UTF-8).")
        Path input;

        @Option(
                names = "--batch",
                paramLabel = "B",
                description = "Columns scored in parallel (default: ${DEFAULT-VALUE}).")
        int batch = LmEvaluation.DEFAULT.batch();

        @Mixin
        ThreadsOption threads = new ThreadsOption();

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            atLeast("--batch", batch, 1);
            threads.apply();
            LmModelFile file = LmModelFile.read(model);
            int[] codePoints = Utf8Text.readCodePoints(input);
            if (codePoints.length < 2) {
                throw new IllegalArgumentException(input + ": "
                        + (codePoints.length == 0 ? "the text is empty" : "a single character holds no prediction")
                        + "; give at least 2 characters");
            }
            CharVocabulary vocabulary = file.vocabulary();
            int[] ids = vocabulary.encode(codePoints);
            Perplexity p = new LmEvaluation(batch, LmEvaluation.DEFAULT.segment())
                    .perplexity(file.toModel(), new CharStream(ids));
            long unknown = CharVocabulary.countUnknown(ids);
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                ObjectNode j = JSON.createObjectNode();
                j.put("ppl", p.value());
                j.put("bpc", p.bitsPerToken());
                j.put("nll", p.nll());
                j.put("predictions", p.tokens());
                j.put("characters", codePoints.length);
                j.put("unknown", unknown);
                j.put("batch", batch);
                o.println(JSON.writeValueAsString(j));
            } else {
                o.printf(
                        Locale.ROOT,
                        "ppl %.4f, %.4f bits/char over %d predicted characters (%d unknown)%n",
                        p.value(),
                        p.bitsPerToken(),
                        p.tokens(),
                        unknown);
            }
            o.flush();
            return Tolk.EXIT_OK;
        }
    }

    private static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
