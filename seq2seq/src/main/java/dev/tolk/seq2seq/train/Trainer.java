package dev.tolk.seq2seq.train;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The training loop of a translator: the corpora are read, the tokenizer and vocabularies learned and the pairs
 * batched ({@link TrainingCorpus}); the model's size is checked against memory ({@link ModelBudget}); then every
 * batch is one update with Adam, global-norm gradient clipping and learning-rate decay on plateau
 * ({@link Updater}, in the shared {@link TrainingLoop}); every {@code train.validate_every} updates the model is validated (teacher-forced perplexity
 * and greedy BLEU, {@link Validator}), the best by {@code train.best_metric} is kept as {@code model.tolk} and
 * training stops early ({@link EarlyStopping}); atomic checkpoints let {@link #run(Start, TrainingListener)} resume
 * bit for bit. A trainer holds the settings; each run is a {@link TrainingRun}, and what it changes as it goes (the
 * state a checkpoint holds) is its {@link TrainingState}.
 *
 * <p><b>Fine-tuning.</b> {@link #initFrom(FineTuning)} starts the run from a trained model's weights, vocabularies
 * and tokenizer (its architecture and text encoding are fixed, {@link FineTuning}); the run itself is new (step 0, a
 * fresh optimiser and schedule), and the model is recorded as the new model's parent in its provenance.
 *
 * <p><b>Moving average.</b> With {@code train.ema_decay > 0} an {@link ExponentialMovingAverage} of the weights is
 * kept after every update; validation, the best model and a checkpoint used as a model use it, while training
 * continues on the raw weights. Checkpoints hold both, so a resumed run continues bit for bit.
 *
 * <p><b>Interruption.</b> {@link #stopWhen(BooleanSupplier)} is polled after every update; once it is true the run
 * finishes the update in progress, writes a checkpoint (atomically) and ends with {@link StopReason#INTERRUPTED},
 * without a last validation. {@code --resume} continues from that checkpoint exactly.
 *
 * <p><b>Divergence.</b> A NaN or infinite training loss or gradient norm stops the run before the update is applied;
 * a validation whose perplexity is NaN or infinite stops it too, and is never kept as the best model. Both end with
 * {@link StopReason#NON_FINITE}, the last good checkpoint and the best model kept.
 *
 * <p><b>Model directory.</b> {@code model.tolk} (the best model, with config, tokenizer, vocabularies and
 * provenance), {@code config.yaml} (the effective configuration), {@code validation.jsonl} (one line per
 * validation) and {@code checkpoints/}; one run at a time ({@link RunDirectory}). A new run refuses a directory that
 * holds anything (before it reads the corpora), unless it overwrites the previous run. Every checkpoint is also a
 * usable model: it carries the vocabularies, tokenizer and provenance ({@link Checkpoint#asModel(Path)}).
 *
 * <p><b>Determinism.</b> Initialisation, batch order and dropout masks derive from {@code train.seed} (and the
 * update number); the checkpoint holds the weights, Adam's moments and step, the schedule, the batcher position
 * and the early-stopping state ({@link TrainingState}), so a resumed run continues exactly as an uninterrupted one.
 * The validation at the very end of a run (after its last checkpoint) only evaluates and keeps the best model: it
 * changes no state a checkpoint holds.
 *
 * <p><b>Precision.</b> {@code train.precision=bf16} runs the forward and backward matrix products with bf16
 * operands (the process-wide backend's setting, {@link Gemm#setPrecision(Precision)}, restored when the run ends);
 * weights, gradients, Adam's moments and every sum stay float32, and the backend converts each weight to bf16 once
 * after each update, when a product first uses it. Validation translates in float32. A run is deterministic for a
 * fixed (backend, precision); bf16 and fp32 runs differ in their bits.
 */
public final class Trainer {
    /** The validation log's file name in the model directory. */
    public static final String VALIDATION_LOG = "validation.jsonl";
    /** The effective configuration's file name in the model directory. */
    public static final String CONFIG_FILE = "config.yaml";

    /** How a run starts in its model directory. */
    public enum Start {
        /** A new run; refused when the directory holds checkpoints. */
        NEW,
        /** Continue from the latest valid checkpoint; refused when there is none. */
        RESUME,
        /** A new run replacing the directory's previous run (its checkpoints and model). */
        OVERWRITE
    }

    // the settings of every run ({@link TrainingRun} reads them)
    final Seq2SeqConfig config;
    final Path modelDir;
    final BadRowPolicy badRows;
    final Consumer<String> warnings;
    final Clock clock;
    final BiConsumer<Long, Seq2SeqModel> afterUpdate;
    final FineTuning initFrom;
    final BooleanSupplier stopRequested;
    final Duration timeBudget;

    /**
     * @param config the run's configuration; {@code data.train} and {@code data.valid} must be set
     * @param modelDir where the model, checkpoints and logs go (created)
     * @param badRows what to do with malformed corpus rows
     * @param warnings receives one-line warnings for people (skipped rows, resume notes)
     */
    public Trainer(Seq2SeqConfig config, Path modelDir, BadRowPolicy badRows, Consumer<String> warnings) {
        this(config, modelDir, badRows, warnings, Clock.systemUTC(), (step, model) -> {});
    }

    /** For tests: {@code afterUpdate} sees the model after each update (e.g. to inject a fault). */
    Trainer(
            Seq2SeqConfig config,
            Path modelDir,
            BadRowPolicy badRows,
            Consumer<String> warnings,
            Clock clock,
            BiConsumer<Long, Seq2SeqModel> afterUpdate) {
        this(config, modelDir, badRows, warnings, clock, afterUpdate, null, () -> false, null);
    }

    private Trainer(
            Seq2SeqConfig config,
            Path modelDir,
            BadRowPolicy badRows,
            Consumer<String> warnings,
            Clock clock,
            BiConsumer<Long, Seq2SeqModel> afterUpdate,
            FineTuning initFrom,
            BooleanSupplier stopRequested,
            Duration timeBudget) {
        this.config = config;
        this.modelDir = modelDir;
        this.badRows = badRows;
        this.warnings = warnings;
        this.clock = clock;
        this.afterUpdate = afterUpdate;
        this.initFrom = initFrom;
        this.stopRequested = stopRequested;
        this.timeBudget = timeBudget;
    }

    /**
     * @param model the trained model to start from; the configuration must keep what it fixes
     *     ({@link FineTuning#check}, checked again here)
     * @return a trainer whose new runs start from {@code model}'s weights, vocabularies and tokenizer
     * @throws dev.tolk.seq2seq.config.ConfigException when the configuration changes what the model fixes
     */
    public Trainer initFrom(FineTuning model) {
        model.check(config);
        return new Trainer(config, modelDir, badRows, warnings, clock, afterUpdate, model, stopRequested, timeBudget);
    }

    /**
     * @param stop polled after every update (e.g. set by a signal handler); once true the run checkpoints and ends
     *     with {@link StopReason#INTERRUPTED}
     * @return a trainer that stops when asked
     */
    public Trainer stopWhen(BooleanSupplier stop) {
        return new Trainer(config, modelDir, badRows, warnings, clock, afterUpdate, initFrom, stop, timeBudget);
    }

    /**
     * @param budget wall-clock time for the whole run, from its start (corpus reading and vocabulary learning
     *     included); checked after every update: once spent, the run ends as after {@code train.max_steps} (a last
     *     validation and checkpoint) with {@link StopReason#TIME_BUDGET}. How many updates fit depends on the
     *     machine, so such a run is not reproducible in its length ({@code tolk quickstart} uses it to stay within its
     *     promised minutes).
     * @return a trainer whose runs stop when the budget is spent (or at {@code train.max_steps}, if sooner)
     */
    public Trainer timeBudget(Duration budget) {
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the time budget must be positive, got " + budget);
        }
        return new Trainer(config, modelDir, badRows, warnings, clock, afterUpdate, initFrom, stopRequested, budget);
    }

    /** The checkpoint directory of a model directory. */
    public static Path checkpointDir(Path modelDir) {
        return modelDir.resolve("checkpoints");
    }

    /** {@link #run(Start, TrainingListener)} with {@link Start#RESUME} or {@link Start#NEW}. */
    public TrainResult run(boolean resume, TrainingListener listener) throws IOException {
        return run(resume ? Start.RESUME : Start.NEW, listener);
    }

    /**
     * Trains.
     *
     * @param start a new run, a resumed one, or a new one replacing the directory's previous run
     * @param listener receives progress, validation, checkpoint and stop events
     * @return the outcome
     * @throws TrainingException on a problem the user can fix
     * @throws IOException when files cannot be read or written
     */
    public TrainResult run(Start start, TrainingListener listener) throws IOException {
        Precision precision = config.train().precision();
        Gemm gemm = Gemm.get();
        if (!gemm.supports(precision)) {
            throw new TrainingException("train.precision=" + precision + " needs a backend that computes " + precision
                    + " products; " + gemm.name() + " on this machine does not: use train.precision=fp32");
        }
        Precision before = gemm.precision();
        gemm.setPrecision(precision);
        try (RunDirectory dir = RunDirectory.open(modelDir, clock, warnings)) {
            return new TrainingRun(this, dir, listener).execute(start);
        } finally {
            gemm.setPrecision(before);
        }
    }
}
