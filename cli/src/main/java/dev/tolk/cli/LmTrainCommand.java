package dev.tolk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.lm.LmModelFile;
import dev.tolk.seq2seq.lm.LmRun;
import dev.tolk.seq2seq.lm.LmTrainingConfig;
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
final class LmTrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "TEXT", description = "The training text (UTF-8).")
    Path input;

    @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "Where model and checkpoint go.")
    Path modelDir;

    @Mixin
    LmTrainOptions options;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--resume", description = "Continue from DIR/lm-checkpoint.tolk if it exists.")
    boolean resume;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LmTrainingConfig training =
                options.training(spec.commandLine().getParseResult().hasMatchedOption("--embedding"));
        threads.apply();
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
        LmRun.Outcome out =
                LmRun.train(input, modelDir, options.model(), training, resume, progress, Clock.systemUTC());
        PrintWriter o = spec.commandLine().getOut();
        Perplexity valid = out.training().valid();
        if (json) {
            ObjectNode j = Json.object();
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
            o.println(Json.line(j));
        } else {
            o.printf(
                    Locale.ROOT,
                    "%s: %s, %d updates (%s), %d characters for training, %d held out, vocabulary %d%n",
                    modelDir.resolve(LmModelFile.FILE_NAME),
                    options.cellName(),
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

    private static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
