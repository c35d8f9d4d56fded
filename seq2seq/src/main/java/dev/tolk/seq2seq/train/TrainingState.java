package dev.tolk.seq2seq.train;

import dev.tolk.core.DecayOnPlateau;
import dev.tolk.core.LearningRateSchedule;
import dev.tolk.data.batch.BatchPosition;
import dev.tolk.data.batch.Batcher;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.config.TrainConfig;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.store.ModelMetadata;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.store.RngState;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a translator's training run changes as it goes, and exactly what a {@link Checkpoint} holds of it: the model's
 * weights, Adam's moments and step and the learning-rate schedule ({@link Updater}), the early-stopping state
 * ({@link EarlyStopping}), the moving average of the weights when {@code train.ema_decay > 0}
 * ({@link ExponentialMovingAverage}), the updates done, the epoch and the batcher's position (the next batch). Random
 * choices derive from {@code train.seed} and the update number, so {@link #checkpoint} followed by {@link #restore}
 * continues a run exactly as an uninterrupted one.
 */
final class TrainingState {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingState.class);

    private final Seq2SeqConfig config;
    final Seq2SeqModel model;
    final Updater updater;
    final EarlyStopping stopping;
    /** The moving average of the weights, or null when the run keeps none. */
    final ExponentialMovingAverage ema;
    /** Updates done. */
    long step;
    /** The current epoch, 0-based. */
    int epoch;
    /** The batcher's position: the next batch; null until the loop starts (a new run). */
    BatchPosition position;

    private TrainingState(Seq2SeqConfig config, Seq2SeqModel model, Updater updater, ExponentialMovingAverage ema) {
        this.config = config;
        this.model = model;
        this.updater = updater;
        this.ema = ema;
        TrainConfig tc = config.train();
        this.stopping = new EarlyStopping(tc.bestMetric(), tc.earlyStoppingPatience());
    }

    /**
     * The state at step 0: the model sized for the corpus's vocabularies (checked against memory first,
     * {@link ModelBudget}) and initialised from {@code train.seed}, or with the weights of the model to fine-tune; a
     * fresh optimiser and schedule; the moving average starting from those weights.
     *
     * @param initFrom the model to fine-tune, or null
     * @throws TrainingException when the model does not fit in memory, or the fine-tuned model's weights do not fit
     *     its own configuration
     */
    static TrainingState start(Seq2SeqConfig config, TrainingCorpus corpus, FineTuning initFrom) {
        TrainConfig tc = config.train();
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
        Seq2SeqModel model = new Seq2SeqModel(config.model(), sv, tv, tc.seed());
        Updater updater = new Updater(model.parameters(), (float) tc.lr(), tc.clipNorm(), schedule(tc));
        Batcher batcher = corpus.training();
        LOG.info(
                "model: {} parameters (initialised in {} s); {} training pairs in {} batches per epoch",
                model.parameterCount(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9),
                batcher.size(),
                batcher.plan(0).size());
        if (initFrom != null) {
            try {
                model.importWeights(initFrom.weights());
            } catch (IllegalArgumentException e) {
                throw new TrainingException("--init-from " + initFrom.file() + ": its weights do not fit its own "
                        + "configuration (" + e.getMessage() + "); the file is damaged");
            }
        }
        ExponentialMovingAverage ema =
                tc.emaDecay() > 0 ? new ExponentialMovingAverage(tc.emaDecay(), model.parameters()) : null;
        return new TrainingState(config, model, updater, ema);
    }

    /** Adam's learning rate: decayed on plateau when {@code train.lr_decay_factor < 1}, else constant. */
    private static LearningRateSchedule schedule(TrainConfig tc) {
        return tc.lrDecayFactor() < 1
                ? new DecayOnPlateau(
                        (float) tc.lr(), (float) tc.lrDecayFactor(), tc.lrPatience(), (float) tc.minLr(), 1e-4)
                : LearningRateSchedule.constant((float) tc.lr());
    }

    /**
     * One update on {@code batch} (number {@code step + 1}, which seeds its dropout masks); when it is applied the
     * step count advances and the moving average follows the new weights.
     *
     * @return the update's loss and gradient norm; not applied when either is NaN or infinite (nothing changed)
     */
    Updater.Update update(TokenBatch batch) {
        long next = step + 1;
        Updater.Update u = updater.update(() -> model.trainStep(batch, next).mean());
        if (u.applied()) {
            step = next;
            if (ema != null) {
                ema.update(step);
            }
        }
        return u;
    }

    /** Validates the model: its moving average when the run keeps one (the raw weights are restored after). */
    Validator.Metrics validate(Validator validator) {
        return ema == null ? validator.validate(model) : ema.withAveragedWeights(() -> validator.validate(model));
    }

    /** The weights a model file holds: the moving average when the run keeps one. */
    List<NamedTensor> modelWeights() {
        return ema == null ? model.exportWeights() : ema.export();
    }

    /** @param metadata the text encoding and provenance of the model the checkpoint also is */
    Checkpoint checkpoint(ModelMetadata metadata) {
        return Checkpoint.of(
                config,
                step,
                epoch,
                model.exportWeights(),
                updater.exportOptimizer(),
                updater.exportSchedule(),
                position,
                new RngState(config.train().seed(), Map.of()),
                stopping.best(),
                stopping.bestStep(),
                stopping.badValidations(),
                metadata,
                ema == null ? List.of() : ema.export());
    }

    /**
     * Continues from a checkpoint of this run.
     *
     * @throws TrainingException when the checkpoint does not fit this model, optimiser or schedule (the corpus or
     *     vocabulary settings changed), or holds no moving average though this run keeps one
     */
    void restore(Checkpoint ck) {
        try {
            model.importWeights(ck.weights());
            updater.restore(ck.optimizer(), ck.schedule().state());
            stopping.restore(ck.trainerState());
            step = ck.step();
            epoch = ck.epoch();
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
