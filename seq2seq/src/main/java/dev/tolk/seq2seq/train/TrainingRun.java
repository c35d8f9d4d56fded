package dev.tolk.seq2seq.train;

import dev.tolk.core.Gemm;
import dev.tolk.data.BadRowPolicy;
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
import dev.tolk.seq2seq.store.ParentModel;
import dev.tolk.seq2seq.store.Provenance;
import dev.tolk.seq2seq.telemetry.CheckpointEvent;
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
 * One run of a {@link Trainer}, in its order: {@link #execute} prepares the corpus ({@link TrainingCorpus}) and the
 * {@link TrainingState} (new, fine-tuned or restored from the latest checkpoint), then {@link #loop} runs the shared
 * {@link TrainingLoop} with what a translator does: one update per batch of the {@link Batcher}'s epochs
 * ({@link #update}), validating every {@code train.validate_every} updates ({@link #validate}, {@link #record}: the
 * best model, early stopping, the schedule) and checkpointing every {@code train.checkpoint_every}
 * ({@link #checkpoint}), until one of its stop rules holds. Not reusable: one object per run.
 */
final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final Seq2SeqConfig config;
    private final TrainConfig tc;
    private final Path modelDir;
    private final BadRowPolicy badRows;
    private final Consumer<String> warnings;
    private final Clock clock;
    private final BiConsumer<Long, Seq2SeqModel> afterUpdate;
    private final FineTuning initFrom;
    private final BooleanSupplier stopRequested;
    private final Duration timeBudget;
    private final RunDirectory dir;
    private final TrainingListener listener;

    private TrainingCorpus corpus;
    private TrainingState state;
    private Validator validator;
    private CheckpointDirectory checkpoints;
    private Throughput throughput;
    private Instant started;
    private List<ParentModel> parents = List.of();
    private Batcher batcher;
    private EpochCursor cursor;
    private long planned;
    private int batchTokens;
    private Path lastCheckpointFile;
    private long lastValidationStep = -1;
    private boolean lastValidationBest;
    private boolean patienceExhausted;
    private boolean diverged;
    private Map<String, Double> bestMetrics = Map.of();
    private Map<String, Double> lastMetrics = Map.of();

    /** The run of {@code trainer} (its settings) in {@code dir}, reporting to {@code listener}. */
    TrainingRun(Trainer trainer, RunDirectory dir, TrainingListener listener) {
        this.config = trainer.config;
        this.tc = config.train();
        this.modelDir = trainer.modelDir;
        this.badRows = trainer.badRows;
        this.warnings = trainer.warnings;
        this.clock = trainer.clock;
        this.afterUpdate = trainer.afterUpdate;
        this.initFrom = trainer.initFrom;
        this.stopRequested = trainer.stopRequested;
        this.timeBudget = trainer.timeBudget;
        this.dir = dir;
        this.listener = listener;
    }

    /** Runs from {@code start} to a stop condition, with a last checkpoint and validation. */
    TrainResult execute(Trainer.Start start) throws IOException {
        started = clock.instant();
        Gemm.get().setThreads(tc.effectiveThreads());
        checkpoints = dir.checkpoints(tc.keepCheckpoints());
        if (initFrom != null && start == Trainer.Start.RESUME) {
            throw new TrainingException(
                    "--init-from starts a new run; --resume continues the run in " + modelDir + " (drop one of them)");
        }
        Checkpoint resumeFrom = dir.begin(start, checkpoints, config);
        corpus = TrainingCorpus.prepare(config.data(), tc, badRows, warnings, givenEncoding(resumeFrom));
        state = TrainingState.start(config, corpus, initFrom);
        if (initFrom != null) {
            parents = List.of(initFrom.parent());
            warnings.accept(
                    "starting from the weights of " + initFrom.file() + " (a new run: step 0, a fresh optimiser)");
        } else if (resumeFrom != null && resumeFrom.metadata() != null) {
            parents = resumeFrom.metadata().provenance().parents();
        }
        validator = new Validator(config, corpus.encoding(), corpus.validBatches(), corpus.validPairs());
        if (resumeFrom != null) {
            state.restore(resumeFrom);
            warnings.accept(
                    "resuming from the checkpoint at step " + state.step + " (epoch " + (state.epoch + 1) + ")");
        } else if (start == Trainer.Start.OVERWRITE) {
            dir.clearPreviousRun(checkpoints);
        }
        StopEvent stop;
        try (ValidationLog log = dir.openLog(resumeFrom);
                StepLog stepLog = dir.openStepLog(resumeFrom)) {
            dir.writeConfig(config);
            TrainingListener all = TrainingListener.all(List.of(log, stepLog, listener));
            stop = loop(all, resumeFrom != null ? state.step : -1);
        }
        Duration elapsed = Duration.between(started, clock.instant());
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        return new TrainResult(
                state.step,
                state.epoch,
                stop.reason(),
                stop.detail(),
                dir.modelFile(),
                bestMetrics,
                lastMetrics,
                throughput.tokens() / seconds,
                elapsed,
                state.model.parameterCount(),
                lastCheckpointFile);
    }

    /** The text encoding of a resumed checkpoint or of the model to fine-tune, or null to learn one. */
    private TextEncoding givenEncoding(Checkpoint resumeFrom) {
        if (resumeFrom != null && resumeFrom.metadata() != null) {
            try {
                return TextEncoding.fromJson(
                        resumeFrom.metadata().tokenizer(), resumeFrom.metadata().vocabularies());
            } catch (IllegalArgumentException e) {
                throw new TrainingException("cannot resume from the checkpoint at step " + resumeFrom.step()
                        + ": its vocabularies or tokenizer are invalid (" + e.getMessage() + ")");
            }
        }
        return initFrom != null ? initFrom.encoding() : null;
    }

    /**
     * One update per batch, epoch after epoch ({@link TrainingLoop}), each followed by its scheduled validation and
     * checkpoint, until the epochs are done, {@code train.max_steps} is reached, early stopping triggers, an update or
     * a validation is not finite, the time budget is spent or a stop is requested. The last validation of the run is
     * kept after its last checkpoint: it changes no state a checkpoint holds. When no validation wrote a model (and
     * none diverged), the last weights are written as the model.
     */
    private StopEvent loop(TrainingListener all, long resumedStep) throws IOException {
        batcher = corpus.training();
        int perEpoch = batcher.plan(0).size();
        long planned = (long) tc.epochs() * perEpoch;
        this.planned = tc.maxSteps() > 0 ? Math.min(planned, tc.maxSteps()) : planned;
        throughput = new Throughput(System.nanoTime());
        cursor = state.position != null ? batcher.resume(state.position) : batcher.epoch(state.epoch);
        state.position = cursor.position();
        return new TrainingLoop(this::update, new Position(), all)
                .validating(tc.validateEvery(), this::validate)
                .checkpointing(tc.checkpointEvery(), this::checkpoint, resumedStep)
                .keepFinalValidationAfterCheckpoint()
                .stopBefore(this::epochsDone)
                .stopBefore(this::maxStepsDone)
                .stopAfter(this::patienceSpent)
                .stopAfter(this::budgetSpent)
                .stopAfter(this::interrupted)
                .advice(
                        "the update was not applied; the last good checkpoint and the best model are kept (lower "
                                + "train.lr or check the data)",
                        "the last good checkpoint and the best model are kept (lower train.lr or set "
                                + "train.clip_norm)")
                .atEnd(stop -> {
                    if (!diverged && !Files.exists(dir.modelFile())) {
                        writeModel(lastMetrics);
                    }
                })
                .run();
    }

    /** The next batch's update; once applied, the cursor's position is the run's. */
    private Updater.Update update() {
        TokenBatch tb = TokenBatch.of(cursor.next());
        Updater.Update u = state.update(tb);
        if (u.applied()) {
            afterUpdate.accept(state.step, state.model);
            state.position = cursor.position();
            batchTokens = tb.tokens();
        }
        return u;
    }

    /** The step, epoch, learning rate, tokens per second and time left, as the progress line shows them. */
    private final class Position implements TrainingLoop.Position {
        @Override
        public long step() {
            return state.step;
        }

        @Override
        public TrainingLoop.Progress progress() {
            long now = System.nanoTime();
            double tps = throughput.update(batchTokens, now);
            Duration eta = Throughput.withinBudget(
                    throughput.eta(planned - state.step, now), timeBudget, Duration.between(started, clock.instant()));
            return new TrainingLoop.Progress(state.epoch, state.updater.learningRate(), tps, eta);
        }
    }

    /** At the end of an epoch: the next one, or the end of the run after {@code train.epochs}. */
    private StopEvent epochsDone(long step) {
        while (!cursor.hasNext()) {
            if (state.epoch + 1 >= tc.epochs()) {
                return new StopEvent(step, StopReason.EPOCHS_DONE, tc.epochs() + " epochs done");
            }
            state.epoch++;
            cursor = batcher.epoch(state.epoch);
            state.position = cursor.position();
        }
        return null;
    }

    private StopEvent maxStepsDone(long step) {
        return tc.maxSteps() > 0 && step >= tc.maxSteps()
                ? new StopEvent(step, StopReason.MAX_STEPS, "train.max_steps=" + tc.maxSteps() + " updates done")
                : null;
    }

    /** Early stopping, decided by the scheduled validation of this step ({@link #record}). */
    private StopEvent patienceSpent(long step) {
        return patienceExhausted
                ? new StopEvent(
                        step,
                        StopReason.EARLY_STOPPING,
                        "no improvement of " + state.stopping.metricName() + " in " + tc.earlyStoppingPatience()
                                + " validations")
                : null;
    }

    private StopEvent budgetSpent(long step) {
        return timeBudget != null && Duration.between(started, clock.instant()).compareTo(timeBudget) >= 0
                ? new StopEvent(
                        step,
                        StopReason.TIME_BUDGET,
                        "time budget of " + timeBudget.toSeconds() + " s spent after " + step + " updates")
                : null;
    }

    private StopEvent interrupted(long step) {
        return stopRequested.getAsBoolean()
                ? new StopEvent(step, StopReason.INTERRUPTED, "interrupted after update " + step)
                : null;
    }

    /** Validates the model (its moving average when the run keeps one); nothing a checkpoint holds changes. */
    private TrainingLoop.Score validate() {
        Validator.Metrics m = state.validate(validator);
        return new TrainingLoop.Score(m.loss(), m.ppl(), scheduled -> record(m, scheduled), () -> divergence(m));
    }

    /**
     * Keeps a validation: the best model when it improves; for a scheduled one ({@code scheduled}) also early
     * stopping ({@link #patienceSpent}) and the learning-rate schedule. Returns its event.
     */
    private ValidationEvent record(Validator.Metrics m, boolean scheduled) throws IOException {
        long step = state.step;
        EarlyStopping stopping = state.stopping;
        Updater updater = state.updater;
        Map<String, Double> metrics = m.asMap();
        boolean improved = stopping.offer(m, step);
        if (improved) {
            bestMetrics = metrics;
            writeModel(metrics);
        }
        lastValidationBest = improved;
        lastValidationStep = step;
        lastMetrics = withStep(metrics, step);
        if (scheduled) {
            patienceExhausted = stopping.count(improved);
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
        return new ValidationEvent(step, state.epoch, metrics, improved, updater.learningRate());
    }

    /** A validation with a NaN or infinite perplexity: logged, never the best, and the end of the run. */
    private ValidationEvent divergence(Validator.Metrics m) {
        long step = state.step;
        diverged = true;
        lastValidationStep = step;
        lastMetrics = withStep(m.asMap(), step);
        return new ValidationEvent(step, state.epoch, m.asMap(), false, state.updater.learningRate());
    }

    private static Map<String, Double> withStep(Map<String, Double> metrics, long step) {
        Map<String, Double> m = new LinkedHashMap<>(metrics);
        m.put("step", (double) step);
        return m;
    }

    /** The provenance of a model written now, with {@code metrics} and the run's parents. */
    private Provenance provenance(Map<String, Double> metrics) {
        Map<String, Double> m = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (!k.equals("step")) {
                m.put("valid_" + k, v);
            }
        });
        m.put("step", (double) state.step);
        return new Provenance(corpus.corpusSha256(), tc.seed(), Signature.tolkVersion(), clock.instant(), m, parents);
    }

    private void writeModel(Map<String, Double> metrics) throws IOException {
        new ModelFile(
                        config,
                        corpus.encoding().vocabulariesJson(),
                        corpus.encoding().tokenizerJson(),
                        provenance(metrics),
                        state.modelWeights())
                .write(dir.modelFile());
    }

    private CheckpointEvent checkpoint() throws IOException {
        long step = state.step;
        boolean best = lastValidationBest && state.stopping.bestStep() == step;
        Path file = checkpoints.save(
                state.checkpoint(new ModelMetadata(
                        corpus.encoding().vocabulariesJson(),
                        corpus.encoding().tokenizerJson(),
                        provenance(lastValidationStep == step ? lastMetrics : Map.of()))),
                best);
        lastCheckpointFile = file;
        return new CheckpointEvent(step, file, best);
    }
}
