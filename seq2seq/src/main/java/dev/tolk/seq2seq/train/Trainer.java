package dev.tolk.seq2seq.train;

import dev.tolk.core.DecayOnPlateau;
import dev.tolk.core.Gemm;
import dev.tolk.core.LearningRateSchedule;
import dev.tolk.core.Precision;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.batch.BatchPosition;
import dev.tolk.data.batch.Batcher;
import dev.tolk.data.batch.EpochCursor;
import dev.tolk.eval.Signature;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.config.TrainConfig;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.store.CheckpointDirectory;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.ModelMetadata;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.store.ParentModel;
import dev.tolk.seq2seq.store.Provenance;
import dev.tolk.seq2seq.store.RngState;
import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StepLog;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import dev.tolk.seq2seq.telemetry.ValidationLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of a translator: the corpora are read, the tokenizer and vocabularies learned and the pairs
 * batched ({@link TrainingCorpus}); the model's size is checked against memory ({@link ModelBudget}); then every
 * batch is one update with Adam, global-norm gradient clipping and learning-rate decay on plateau
 * ({@link Updater}); every {@code train.validate_every} updates the model is validated (teacher-forced perplexity
 * and greedy BLEU, {@link Validator}), the best by {@code train.best_metric} is kept as {@code model.tolk} and
 * training stops early ({@link EarlyStopping}); atomic checkpoints let {@link #run(Start, TrainingListener)} resume
 * bit for bit.
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
 * and the early-stopping state, so a resumed run continues exactly as an uninterrupted one. The validation at the
 * very end of a run (after its last checkpoint) only evaluates and keeps the best model: it changes no state a
 * checkpoint holds.
 *
 * <p><b>Precision.</b> {@code train.precision=bf16} runs the forward and backward matrix products with bf16
 * operands (the process-wide backend's setting, {@link Gemm#setPrecision(Precision)}, restored when the run ends);
 * weights, gradients, Adam's moments and every sum stay float32, and the backend converts each weight to bf16 once
 * after each update, when a product first uses it. Validation translates in float32. A run is deterministic for a
 * fixed (backend, precision); bf16 and fp32 runs differ in their bits.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
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

    private final Seq2SeqConfig config;
    private final Path modelDir;
    private final BadRowPolicy badRows;
    private final Consumer<String> warnings;
    private final Clock clock;
    private final BiConsumer<Long, Seq2SeqModel> afterUpdate;
    private final FineTuning initFrom;
    private final BooleanSupplier stopRequested;
    private final Duration timeBudget;

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
            return new Run(dir, listener).execute(start);
        } finally {
            gemm.setPrecision(before);
        }
    }

    private static LearningRateSchedule schedule(TrainConfig tc) {
        return tc.lrDecayFactor() < 1
                ? new DecayOnPlateau(
                        (float) tc.lr(), (float) tc.lrDecayFactor(), tc.lrPatience(), (float) tc.minLr(), 1e-4)
                : LearningRateSchedule.constant((float) tc.lr());
    }

    /** The state of one run. */
    private final class Run {
        private final RunDirectory dir;
        private final TrainingListener listener;
        private final TrainConfig tc = config.train();
        private TrainingCorpus corpus;
        private Seq2SeqModel model;
        private Updater updater;
        private Validator validator;
        private EarlyStopping stopping;
        private ExponentialMovingAverage ema;
        private Instant started;
        private List<ParentModel> parents = List.of();
        private Path lastCheckpointFile;
        private CheckpointDirectory checkpoints;
        private long step;
        private int epoch;
        private boolean lastValidationBest;
        private boolean diverged;
        private long lastCheckpointStep = -1;
        private long lastValidationStep = -1;
        private Map<String, Double> bestMetrics = Map.of();
        private Map<String, Double> lastMetrics = Map.of();
        private long tokensThisRun;
        private long stepsThisRun;
        private BatchPosition position;

        Run(RunDirectory dir, TrainingListener listener) {
            this.dir = dir;
            this.listener = listener;
        }

        TrainResult execute(Start start) throws IOException {
            started = clock.instant();
            Gemm.get().setThreads(tc.effectiveThreads());
            checkpoints = dir.checkpoints(tc.keepCheckpoints());
            if (initFrom != null && start == Start.RESUME) {
                throw new TrainingException("--init-from starts a new run; --resume continues the run in " + modelDir
                        + " (drop one of them)");
            }
            Checkpoint resumeFrom = dir.begin(start, checkpoints, config);
            corpus = TrainingCorpus.prepare(config.data(), tc, badRows, warnings, givenEncoding(resumeFrom));
            buildModel();
            if (initFrom != null) {
                startFrom(initFrom);
            } else if (resumeFrom != null && resumeFrom.metadata() != null) {
                parents = resumeFrom.metadata().provenance().parents();
            }
            if (tc.emaDecay() > 0) {
                ema = new ExponentialMovingAverage(tc.emaDecay(), model.parameters());
            }
            validator = new Validator(config, corpus.encoding(), corpus.validBatches(), corpus.validPairs());
            stopping = new EarlyStopping(tc.bestMetric(), tc.earlyStoppingPatience());
            if (resumeFrom != null) {
                restore(resumeFrom);
                warnings.accept("resuming from the checkpoint at step " + step + " (epoch " + (epoch + 1) + ")");
            } else if (start == Start.OVERWRITE) {
                dir.clearPreviousRun(checkpoints);
            }
            StopEvent stop;
            try (ValidationLog log = dir.openLog(resumeFrom);
                    StepLog stepLog = dir.openStepLog(resumeFrom)) {
                dir.writeConfig(config);
                TrainingListener all = TrainingListener.all(List.of(log, stepLog, listener));
                stop = loop(all);
                if (stop.reason() != StopReason.NON_FINITE) {
                    stop = finish(stop, all);
                }
                if (!diverged && !Files.exists(dir.modelFile())) {
                    writeModel(lastMetrics);
                }
                all.onStop(stop);
            }
            Duration elapsed = Duration.between(started, clock.instant());
            double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
            return new TrainResult(
                    step,
                    epoch,
                    stop.reason(),
                    stop.detail(),
                    dir.modelFile(),
                    bestMetrics,
                    lastMetrics,
                    tokensThisRun / seconds,
                    elapsed,
                    model.parameterCount(),
                    lastCheckpointFile);
        }

        /** The text encoding of a resumed checkpoint or of the model to fine-tune, or null to learn one. */
        private TextEncoding givenEncoding(Checkpoint resumeFrom) {
            if (resumeFrom != null && resumeFrom.metadata() != null) {
                try {
                    return TextEncoding.fromJson(
                            resumeFrom.metadata().tokenizer(),
                            resumeFrom.metadata().vocabularies());
                } catch (IllegalArgumentException e) {
                    throw new TrainingException("cannot resume from the checkpoint at step " + resumeFrom.step()
                            + ": its vocabularies or tokenizer are invalid (" + e.getMessage() + ")");
                }
            }
            return initFrom != null ? initFrom.encoding() : null;
        }

        /** Fine-tuning: the model's weights, and the model as the new model's parent. */
        private void startFrom(FineTuning from) {
            try {
                model.importWeights(from.weights());
            } catch (IllegalArgumentException e) {
                throw new TrainingException("--init-from " + from.file() + ": its weights do not fit its own "
                        + "configuration (" + e.getMessage() + "); the file is damaged");
            }
            parents = List.of(from.parent());
            warnings.accept("starting from the weights of " + from.file() + " (a new run: step 0, a fresh optimiser)");
        }

        private void buildModel() {
            int sv = corpus.encoding().sourceVocabulary().size();
            int tv = corpus.encoding().targetVocabulary().size();
            ModelBudget budget = ModelBudget.check(
                    config.model(),
                    sv,
                    tv,
                    tc.batchTokens(),
                    Runtime.getRuntime().maxMemory(),
                    ModelBudget.maxDirectMemory());
            LOG.info(
                    "initialising the model: {} parameters{}",
                    budget.parameters(),
                    budget.parameters() > 50_000_000 ? " (large: this takes a while)" : "");
            long t0 = System.nanoTime();
            model = new Seq2SeqModel(config.model(), sv, tv, tc.seed());
            updater = new Updater(model.parameters(), (float) tc.lr(), tc.clipNorm(), schedule(tc));
            Batcher batcher = corpus.training();
            LOG.info(
                    "model: {} parameters (initialised in {} s); {} training pairs in {} batches per epoch",
                    model.parameterCount(),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9),
                    batcher.size(),
                    batcher.plan(0).size());
        }

        /** After the loop: the last checkpoint and the last validation, unless the run stopped on them. */
        private StopEvent finish(StopEvent stop, TrainingListener all) throws IOException {
            if (stop.reason() == StopReason.INTERRUPTED) {
                if (lastCheckpointStep != step) {
                    checkpoint(all);
                }
                return stop;
            }
            Validator.Metrics last = lastValidationStep != step ? validate() : null;
            if (last != null && last.diverged()) {
                return divergence(last, all);
            }
            if (lastCheckpointStep != step) {
                checkpoint(all);
            }
            if (last != null) {
                record(last, false, all);
            }
            return stop;
        }

        private StopEvent loop(TrainingListener all) throws IOException {
            Batcher batcher = corpus.training();
            int perEpoch = batcher.plan(0).size();
            long planned = (long) tc.epochs() * perEpoch;
            if (tc.maxSteps() > 0) {
                planned = Math.min(planned, tc.maxSteps());
            }
            long windowStart = System.nanoTime();
            long windowTokens = 0;
            long runStart = System.nanoTime();
            EpochCursor cursor = position != null ? batcher.resume(position) : batcher.epoch(epoch);
            position = cursor.position();
            while (true) {
                if (!cursor.hasNext()) {
                    if (epoch + 1 >= tc.epochs()) {
                        return new StopEvent(step, StopReason.EPOCHS_DONE, tc.epochs() + " epochs done");
                    }
                    epoch++;
                    cursor = batcher.epoch(epoch);
                    position = cursor.position();
                    continue;
                }
                if (tc.maxSteps() > 0 && step >= tc.maxSteps()) {
                    return new StopEvent(
                            step, StopReason.MAX_STEPS, "train.max_steps=" + tc.maxSteps() + " updates done");
                }
                TokenBatch tb = TokenBatch.of(cursor.next());
                long next = step + 1;
                Updater.Update u =
                        updater.update(() -> model.trainStep(tb, next).mean());
                if (!u.applied()) {
                    return new StopEvent(
                            step,
                            StopReason.NON_FINITE,
                            "update " + next + ": " + u.nonFinite().message() + "; the update was not applied; the "
                                    + "last good checkpoint and the best model are kept (lower train.lr or check the "
                                    + "data)");
                }
                step = next;
                if (ema != null) {
                    ema.update(step);
                }
                afterUpdate.accept(step, model);
                position = cursor.position();
                int tokens = tb.tokens();
                tokensThisRun += tokens;
                stepsThisRun++;
                windowTokens += tokens;
                long now = System.nanoTime();
                double windowSeconds = (now - windowStart) / 1e9;
                double tps = windowSeconds > 0 ? windowTokens / windowSeconds : 0;
                if (windowSeconds > 2) {
                    windowStart = now;
                    windowTokens = 0;
                }
                double perStep = (now - runStart) / 1e9 / stepsThisRun;
                Duration eta = Duration.ofMillis((long) (Math.max(0, planned - step) * perStep * 1000));
                all.onStep(new StepEvent(
                        step, epoch, tps, u.loss(), Math.exp(u.loss()), updater.learningRate(), u.gradNorm(), eta));
                if (step % tc.validateEvery() == 0) {
                    Validator.Metrics m = validate();
                    if (m.diverged()) {
                        return divergence(m, all);
                    }
                    if (record(m, true, all)) {
                        if (step % tc.checkpointEvery() == 0) {
                            checkpoint(all);
                        }
                        return new StopEvent(
                                step,
                                StopReason.EARLY_STOPPING,
                                "no improvement of " + stopping.metricName() + " in " + tc.earlyStoppingPatience()
                                        + " validations");
                    }
                }
                if (step % tc.checkpointEvery() == 0) {
                    checkpoint(all);
                }
                if (timeBudget != null
                        && Duration.between(started, clock.instant()).compareTo(timeBudget) >= 0) {
                    return new StopEvent(
                            step,
                            StopReason.TIME_BUDGET,
                            "time budget of " + timeBudget.toSeconds() + " s spent after " + step + " updates");
                }
                if (stopRequested.getAsBoolean()) {
                    return new StopEvent(step, StopReason.INTERRUPTED, "interrupted after update " + step);
                }
            }
        }

        /** Validates the model: its moving average when the run keeps one. */
        private Validator.Metrics validate() {
            return ema == null ? validator.validate(model) : ema.withAveragedWeights(() -> validator.validate(model));
        }

        /** The weights a model file holds: the moving average when the run keeps one. */
        private List<NamedTensor> modelWeights() {
            return ema == null ? model.exportWeights() : ema.export();
        }

        /** The provenance of a model written now, with {@code metrics} and the run's parents. */
        private Provenance provenance(Map<String, Double> metrics) {
            Map<String, Double> m = new LinkedHashMap<>();
            metrics.forEach((k, v) -> {
                if (!k.equals("step")) {
                    m.put("valid_" + k, v);
                }
            });
            m.put("step", (double) step);
            return new Provenance(
                    corpus.corpusSha256(), tc.seed(), Signature.tolkVersion(), clock.instant(), m, parents);
        }

        /**
         * Keeps a validation: the best model when it improves; for a scheduled one ({@code scheduled}) also early
         * stopping and the learning-rate schedule; then the event. Returns whether early stopping triggers.
         */
        private boolean record(Validator.Metrics m, boolean scheduled, TrainingListener all) throws IOException {
            Map<String, Double> metrics = m.asMap();
            boolean improved = stopping.offer(m, step);
            if (improved) {
                bestMetrics = metrics;
                writeModel(metrics);
            }
            lastValidationBest = improved;
            lastValidationStep = step;
            Map<String, Double> withStep = new LinkedHashMap<>(metrics);
            withStep.put("step", (double) step);
            lastMetrics = withStep;
            boolean stop = false;
            if (scheduled) {
                stop = stopping.count(improved);
                if (updater.observe(stopping.asLoss(m))) {
                    LOG.info("learning rate decayed to {}", updater.learningRate());
                }
            }
            LOG.debug(
                    "validation at step {}: ppl {} bleu {}{}",
                    step,
                    String.format(Locale.ROOT, "%.3f", m.ppl()),
                    String.format(Locale.ROOT, "%.2f", m.bleu()),
                    improved ? " (best)" : "");
            all.onValidation(new ValidationEvent(step, epoch, metrics, improved, updater.learningRate()));
            return stop;
        }

        /** A validation with a NaN or infinite perplexity: logged, never the best, and the end of the run. */
        private StopEvent divergence(Validator.Metrics m, TrainingListener all) {
            diverged = true;
            lastValidationStep = step;
            Map<String, Double> withStep = new LinkedHashMap<>(m.asMap());
            withStep.put("step", (double) step);
            lastMetrics = withStep;
            all.onValidation(new ValidationEvent(step, epoch, m.asMap(), false, updater.learningRate()));
            return new StopEvent(
                    step,
                    StopReason.NON_FINITE,
                    "validation at step " + step + ": perplexity " + m.ppl() + " (loss " + m.loss() + "): training "
                            + "diverged; the last good checkpoint and the best model are kept (lower train.lr or "
                            + "set train.clip_norm)");
        }

        private void writeModel(Map<String, Double> metrics) throws IOException {
            new ModelFile(
                            config,
                            corpus.encoding().vocabulariesJson(),
                            corpus.encoding().tokenizerJson(),
                            provenance(metrics),
                            modelWeights())
                    .write(dir.modelFile());
        }

        private void checkpoint(TrainingListener all) throws IOException {
            boolean best = lastValidationBest && stopping.bestStep() == step;
            Checkpoint ck = Checkpoint.of(
                    config,
                    step,
                    epoch,
                    model.exportWeights(),
                    updater.exportOptimizer(),
                    updater.exportSchedule(),
                    position,
                    new RngState(tc.seed(), Map.of()),
                    stopping.best(),
                    stopping.bestStep(),
                    stopping.badValidations(),
                    new ModelMetadata(
                            corpus.encoding().vocabulariesJson(),
                            corpus.encoding().tokenizerJson(),
                            provenance(lastValidationStep == step ? lastMetrics : Map.of())),
                    ema == null ? List.of() : ema.export());
            Path file = checkpoints.save(ck, best);
            lastCheckpointStep = step;
            lastCheckpointFile = file;
            all.onCheckpoint(new CheckpointEvent(step, file, best));
        }

        private void restore(Checkpoint ck) {
            try {
                model.importWeights(ck.weights());
                updater.restore(ck.optimizer(), ck.schedule().state());
                stopping.restore(ck.trainerState());
                step = ck.step();
                epoch = ck.epoch();
                lastCheckpointStep = step;
                position = ck.dataPosition();
                if (ema != null) {
                    if (ck.emaWeights().isEmpty()) {
                        throw new IllegalArgumentException("it holds no moving average of the weights");
                    }
                    ema.restore(ck.emaWeights());
                }
            } catch (IllegalArgumentException e) {
                throw new TrainingException(
                        "cannot resume from the checkpoint at step " + ck.step() + ": " + e.getMessage()
                                + "; the corpus or vocabulary settings changed since it was written (start a new run)",
                        e);
            }
        }
    }
}
