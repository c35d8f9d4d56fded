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
 * One run of a {@link Trainer}, in its order: {@link #execute} prepares the corpus ({@link TrainingCorpus}) and the
 * {@link TrainingState} (new, fine-tuned or restored from the latest checkpoint), then {@link #loop} makes one
 * update per batch, validating every {@code train.validate_every} updates ({@link #record}: the best model, early
 * stopping, the schedule) and checkpointing every {@code train.checkpoint_every}, until a stop condition holds; then
 * {@link #finish} writes the last checkpoint and validation. Not reusable: one object per run.
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
    private Path lastCheckpointFile;
    private long lastCheckpointStep = -1;
    private long lastValidationStep = -1;
    private boolean lastValidationBest;
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
            lastCheckpointStep = state.step;
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
     * One update per batch, epoch after epoch, each followed by its scheduled validation and checkpoint, until the
     * epochs are done, {@code train.max_steps} is reached, early stopping triggers, an update or a validation is not
     * finite, the time budget is spent or a stop is requested.
     */
    private StopEvent loop(TrainingListener all) throws IOException {
        Batcher batcher = corpus.training();
        int perEpoch = batcher.plan(0).size();
        long planned = (long) tc.epochs() * perEpoch;
        if (tc.maxSteps() > 0) {
            planned = Math.min(planned, tc.maxSteps());
        }
        throughput = new Throughput(System.nanoTime());
        EpochCursor cursor = state.position != null ? batcher.resume(state.position) : batcher.epoch(state.epoch);
        state.position = cursor.position();
        while (true) {
            if (!cursor.hasNext()) {
                if (state.epoch + 1 >= tc.epochs()) {
                    return new StopEvent(state.step, StopReason.EPOCHS_DONE, tc.epochs() + " epochs done");
                }
                state.epoch++;
                cursor = batcher.epoch(state.epoch);
                state.position = cursor.position();
                continue;
            }
            if (tc.maxSteps() > 0 && state.step >= tc.maxSteps()) {
                return new StopEvent(
                        state.step, StopReason.MAX_STEPS, "train.max_steps=" + tc.maxSteps() + " updates done");
            }
            TokenBatch tb = TokenBatch.of(cursor.next());
            Updater.Update u = state.update(tb);
            if (!u.applied()) {
                return new StopEvent(
                        state.step,
                        StopReason.NON_FINITE,
                        "update " + (state.step + 1) + ": " + u.nonFinite().message() + "; the update was not "
                                + "applied; the last good checkpoint and the best model are kept (lower train.lr or "
                                + "check the data)");
            }
            long step = state.step;
            afterUpdate.accept(step, state.model);
            state.position = cursor.position();
            long now = System.nanoTime();
            double tps = throughput.update(tb.tokens(), now);
            Duration eta = Throughput.withinBudget(
                    throughput.eta(planned - step, now), timeBudget, Duration.between(started, clock.instant()));
            all.onStep(new StepEvent(
                    step,
                    state.epoch,
                    tps,
                    u.loss(),
                    Math.exp(u.loss()),
                    state.updater.learningRate(),
                    u.gradNorm(),
                    eta));
            if (step % tc.validateEvery() == 0) {
                Validator.Metrics m = state.validate(validator);
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
                            "no improvement of " + state.stopping.metricName() + " in " + tc.earlyStoppingPatience()
                                    + " validations");
                }
            }
            if (step % tc.checkpointEvery() == 0) {
                checkpoint(all);
            }
            if (timeBudget != null && Duration.between(started, clock.instant()).compareTo(timeBudget) >= 0) {
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

    /** After the loop: the last checkpoint and the last validation, unless the run stopped on them. */
    private StopEvent finish(StopEvent stop, TrainingListener all) throws IOException {
        long step = state.step;
        if (stop.reason() == StopReason.INTERRUPTED) {
            if (lastCheckpointStep != step) {
                checkpoint(all);
            }
            return stop;
        }
        Validator.Metrics last = lastValidationStep != step ? state.validate(validator) : null;
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

    /**
     * Keeps a validation: the best model when it improves; for a scheduled one ({@code scheduled}) also early
     * stopping and the learning-rate schedule; then the event. Returns whether early stopping triggers.
     */
    private boolean record(Validator.Metrics m, boolean scheduled, TrainingListener all) throws IOException {
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
        all.onValidation(new ValidationEvent(step, state.epoch, metrics, improved, updater.learningRate()));
        return stop;
    }

    /** A validation with a NaN or infinite perplexity: logged, never the best, and the end of the run. */
    private StopEvent divergence(Validator.Metrics m, TrainingListener all) {
        long step = state.step;
        diverged = true;
        lastValidationStep = step;
        lastMetrics = withStep(m.asMap(), step);
        all.onValidation(new ValidationEvent(step, state.epoch, m.asMap(), false, state.updater.learningRate()));
        return new StopEvent(
                step,
                StopReason.NON_FINITE,
                "validation at step " + step + ": perplexity " + m.ppl() + " (loss " + m.loss() + "): training "
                        + "diverged; the last good checkpoint and the best model are kept (lower train.lr or "
                        + "set train.clip_norm)");
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

    private void checkpoint(TrainingListener all) throws IOException {
        long step = state.step;
        boolean best = lastValidationBest && state.stopping.bestStep() == step;
        Path file = checkpoints.save(
                state.checkpoint(new ModelMetadata(
                        corpus.encoding().vocabulariesJson(),
                        corpus.encoding().tokenizerJson(),
                        provenance(lastValidationStep == step ? lastMetrics : Map.of()))),
                best);
        lastCheckpointStep = step;
        lastCheckpointFile = file;
        all.onCheckpoint(new CheckpointEvent(step, file, best));
    }
}
