package dev.tolk.cli;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.train.ConfigLayers;
import dev.tolk.seq2seq.train.FineTuning;
import dev.tolk.seq2seq.train.TrainResult;
import dev.tolk.seq2seq.train.Trainer;
import dev.tolk.seq2seq.train.TrainingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
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
 * {@code tolk train}: trains a translation model on a parallel CSV/TSV corpus. Configuration layers: defaults, then
 * {@code --config FILE}, then {@code --set section.key=value} (repeatable), then {@code --train}/{@code --valid}.
 * Writes {@code model.tolk}, {@code config.yaml}, {@code validation.jsonl} and {@code checkpoints/} into
 * {@code --model-dir}; {@code --resume} continues the run from its latest checkpoint, {@code --overwrite} replaces
 * the run there with a new one, {@code --init-from MODEL} starts a new run from a trained model's weights (fine-tuning,
 * {@link FineTuning}). A run that diverges (NaN or infinite loss, gradient or validation perplexity) exits 1 with one
 * line naming the step and what went bad. SIGINT (Ctrl-C) or SIGTERM finishes the update in progress, writes a
 * checkpoint and exits {@value #EXIT_INTERRUPTED} with one line naming it; a second signal quits at once.
 */
@Command(
        name = "train",
        description = {
            "Train a translation model (GRU encoder-decoder with attention by default) on a parallel corpus.",
            "Progress goes to standard error; the summary (or --json) to standard output."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class TrainCommand implements Callable<Integer> {
    /** The exit status of a run stopped by SIGINT or SIGTERM (128 + SIGINT, the shell's convention). */
    static final int EXIT_INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", paramLabel = "FILE", description = "Training corpus (CSV/TSV; sets data.train).")
    Path train;

    @Option(names = "--valid", paramLabel = "FILE", description = "Validation corpus (sets data.valid).")
    Path valid;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON configuration file.")
    Path configFile;

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            defaultValue = "model",
            description = "Where the model, checkpoints and logs go (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--resume", description = "Continue the run in --model-dir from its latest checkpoint.")
    boolean resume;

    @Option(
            names = "--overwrite",
            description = "Start a new run in a --model-dir that holds one, replacing its checkpoints and model.")
    boolean overwrite;

    @Option(
            names = "--init-from",
            paramLabel = "MODEL",
            description = "Start a new run from a trained model's (or checkpoint's) weights, vocabularies and "
                    + "architecture, with this run's learning rate, data and epochs (fine-tuning).")
    Path initFrom;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a setting, e.g. --set train.lr=0.0005 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(
            names = "--bad-rows",
            paramLabel = "skip|warn|error",
            defaultValue = "skip",
            description = "Malformed corpus rows: skip (default, summarised), warn (one line each) or error.")
    String badRows;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Mixin
    LogOptions log = new LogOptions();

    @Override
    public Integer call() throws Exception {
        log.apply();
        BadRowPolicy policy = switch (badRows.toLowerCase(Locale.ROOT)) {
            case "skip" -> BadRowPolicy.SKIP;
            case "warn" -> BadRowPolicy.WARN;
            case "error" -> BadRowPolicy.ERROR;
            default -> throw new UsageException("--bad-rows must be skip, warn or error, got '" + badRows + "'");
        };
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite cannot go together: continue the run or replace it");
        }
        if (resume && initFrom != null) {
            throw new UsageException("--resume and --init-from cannot go together: --resume continues the run in "
                    + "--model-dir, --init-from starts a new one from a model's weights");
        }
        FineTuning from = initFrom == null ? null : FineTuning.load(initFrom);
        Seq2SeqConfig config = buildConfig(
                from == null ? Seq2SeqConfig.DEFAULTS : from.defaults(),
                configFile,
                overrides,
                train,
                valid,
                resume,
                modelDir);
        if (from != null) {
            try {
                from.check(config);
            } catch (ConfigException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Trainer.Start start = resume ? Trainer.Start.RESUME : overwrite ? Trainer.Start.OVERWRITE : Trainer.Start.NEW;
        TrainResult r = train(spec, config, modelDir, policy, start, from, log.quiet, null);
        if (r.reason() == StopReason.INTERRUPTED) {
            return interrupted(spec, r, modelDir);
        }
        if (json || r.reason() != StopReason.NON_FINITE) {
            printSummary(spec.commandLine().getOut(), r, json);
        }
        failIfDiverged(r);
        return Tolk.EXIT_OK;
    }

    /** Trains with progress and warnings on standard error, stopping cleanly on SIGINT or SIGTERM. */
    static TrainResult train(
            CommandLine.Model.CommandSpec spec,
            Seq2SeqConfig config,
            Path modelDir,
            BadRowPolicy policy,
            Trainer.Start start,
            FineTuning from,
            boolean quiet,
            Duration timeBudget)
            throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (TrainProgress progress = new TrainProgress(
                        err, config.train().maxSteps(), 50, TrainProgress.mode(quiet), Clock.systemDefaultZone());
                StopSignals stop = StopSignals.install(
                        () -> progress.line("interrupted: finishing this update and writing a checkpoint (press "
                                + "Ctrl-C again to quit at once, losing the updates since the last checkpoint)"))) {
            Trainer trainer = new Trainer(config, modelDir, policy, progress::warn).stopWhen(stop::requested);
            if (from != null) {
                trainer = trainer.initFrom(from);
            }
            if (timeBudget != null) {
                trainer = trainer.timeBudget(timeBudget);
            }
            return trainer.run(start, progress);
        }
    }

    /** An interrupted run: one line naming its checkpoint and how to continue; exit {@value #EXIT_INTERRUPTED}. */
    static int interrupted(CommandLine.Model.CommandSpec spec, TrainResult r, Path modelDir) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("tolk: interrupted at step " + r.steps() + "; checkpoint "
                + (r.lastCheckpoint() == null
                        ? "(none written)"
                        : r.lastCheckpoint().toString())
                + "; continue with: tolk train --resume --model-dir " + modelDir);
        err.flush();
        return EXIT_INTERRUPTED;
    }

    /** A diverged run is an error: one line naming the step and what went bad (exit 1). */
    static void failIfDiverged(TrainResult r) {
        if (r.reason() == StopReason.NON_FINITE) {
            throw new TrainingException("training stopped: " + r.detail());
        }
    }

    /**
     * The effective configuration ({@link ConfigLayers}): {@code base} (the defaults, or a model's when
     * fine-tuning), the file (or, when resuming without one, the run's saved configuration), the overrides, then the
     * corpus paths. Invalid settings are usage errors.
     */
    static Seq2SeqConfig buildConfig(
            Seq2SeqConfig base,
            Path configFile,
            List<String> overrides,
            Path train,
            Path valid,
            boolean resume,
            Path modelDir) {
        try {
            return new ConfigLayers(configFile, overrides, train, valid).apply(base, resume, modelDir);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static void printSummary(PrintWriter out, TrainResult r, boolean json) throws Exception {
        if (json) {
            out.println(Json.line(r.toJson()));
        } else {
            out.printf(Locale.ROOT, "model: %s (%,d parameters)%n", r.modelFile(), r.parameters());
            out.printf(
                    Locale.ROOT,
                    "best validation: ppl %.3f, BLEU %.2f%n",
                    r.bestMetrics().getOrDefault("ppl", Double.NaN),
                    r.bestMetrics().getOrDefault("bleu", Double.NaN));
            out.printf(
                    Locale.ROOT,
                    "%d updates, stopped: %s; %.0f tokens/s; %s%n",
                    r.steps(),
                    r.detail(),
                    r.trainTokensPerSecond(),
                    TrainProgress.format(r.elapsed()));
        }
        out.flush();
    }
}
