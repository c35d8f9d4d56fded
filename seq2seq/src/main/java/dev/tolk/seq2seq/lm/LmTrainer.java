package dev.tolk.seq2seq.lm;

import dev.tolk.core.OptimizerState;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import dev.tolk.seq2seq.train.Updater;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of a {@link CharLanguageModel}: truncated backpropagation through time over a stream cut into
 * B columns ({@link StreamColumns}).
 *
 * <p>One update: take the next segment of {@code K = bptt} steps of all columns, start from the state the previous
 * segment ended in (a value: no gradient crosses the boundary), minimise the mean cross-entropy
 * {@code −(1/(K·B)) Σ log p(c_{t+1} | c_{≤t})} with Adam after clipping the global gradient norm to θ. An epoch is
 * one pass over the columns; the state is reset to zero at each epoch's start. Every {@code validateEvery} updates
 * and at the end, the validation stream is scored ({@link LmEvaluation} with B columns) and a checkpoint is handed
 * to the {@link Checkpointer}. Each update is the shared {@link Updater}'s. A non-finite loss or gradient norm stops
 * the run before the update is applied, a NaN or infinite validation perplexity stops it without a checkpoint
 * ({@link StopReason#NON_FINITE}); the last checkpoint stays the last good state.
 *
 * <p>Events go to a {@link TrainingListener}: {@code onStep} after every update, {@code onValidation},
 * {@code onCheckpoint}, {@code onStop}. Deterministic: no randomness besides the model's seeded initialisation.
 */
public final class LmTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(LmTrainer.class);

    /** Writes a checkpoint of the loop's position; the trainer supplies everything the model cannot. */
    @FunctionalInterface
    public interface Checkpointer {
        /**
         * @param position where the loop stands
         * @return the file written
         * @throws IOException when writing fails
         */
        Path save(LoopPosition position) throws IOException;
    }

    /**
     * Where a run stands, as stored in a checkpoint.
     *
     * @param step updates done
     * @param epoch current epoch
     * @param position next segment of the epoch
     * @param bestValidNll best validation nll per character so far, NaN when none
     * @param optimizer Adam's state
     * @param state the carried state
     */
    public record LoopPosition(
            long step, int epoch, int position, double bestValidNll, OptimizerState optimizer, List<float[]> state) {}

    /**
     * The outcome of a run.
     *
     * @param steps updates done in total (resumed runs count the earlier ones)
     * @param epoch the epoch the run stopped in
     * @param reason why it stopped
     * @param detail one line for people
     * @param valid the last validation's perplexity, or null without validation text
     * @param charactersTrained characters predicted in updates of this run
     * @param trainingSeconds wall time of those updates (validation excluded)
     */
    public record Result(
            long steps,
            int epoch,
            StopReason reason,
            String detail,
            Perplexity valid,
            long charactersTrained,
            double trainingSeconds) {
        /** @return characters per second trained, 0 when no update ran */
        public double charactersPerSecond() {
            return trainingSeconds > 0 ? charactersTrained / trainingSeconds : 0;
        }
    }

    private final LmTrainingConfig config;
    private final TrainingListener listener;
    private final LongSupplier nanoTime;

    /**
     * @param config the training configuration
     * @param listener receives events
     * @param nanoTime the clock for throughput and the time budget (e.g. {@code System::nanoTime})
     */
    public LmTrainer(LmTrainingConfig config, TrainingListener listener, LongSupplier nanoTime) {
        this.config = config;
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /**
     * Trains {@code model}.
     *
     * @param model the model, its weights already loaded when resuming
     * @param train the training stream (at least 2 characters)
     * @param valid the validation stream; fewer than 2 characters means no validation
     * @param resume the position to continue from, or null to start fresh
     * @param checkpointer receives checkpoints, or null for none
     * @return the outcome
     * @throws IOException when a checkpoint cannot be written
     */
    public Result train(
            CharLanguageModel model, CharStream train, CharStream valid, LoopPosition resume, Checkpointer checkpointer)
            throws IOException {
        StreamColumns cols = train.columns(config.batch());
        int segments = cols.segments(config.bptt());
        Updater updater = Updater.constantRate(model.parameters(), (float) config.learningRate(), config.clip());
        LmState state = model.newState(cols.batch());
        long step = 0;
        int epoch = 0;
        int position = 0;
        double best = Double.NaN;
        if (resume != null) {
            updater.restore(resume.optimizer(), new double[0]);
            state.restore(resume.state());
            step = resume.step();
            epoch = resume.epoch();
            position = resume.position();
            best = resume.bestValidNll();
            if (position >= segments) {
                throw new IllegalArgumentException("the checkpoint's position " + position + " is beyond the "
                        + segments + " segments of an epoch; was the text changed?");
            }
        }
        LmEvaluation evaluation = new LmEvaluation(config.batch(), 128);
        boolean validate = valid.length() >= 2;
        long started = nanoTime.getAsLong();
        long trainingNanos = 0;
        long chars = 0;
        long runSteps = 0;
        long lastValidated = -1;
        Perplexity last = null;
        StopReason reason;
        String detail;
        while (true) {
            if (config.maxSteps() > 0 && step >= config.maxSteps()) {
                reason = StopReason.MAX_STEPS;
                detail = step + " updates done";
                break;
            }
            if (config.epochs() > 0 && epoch >= config.epochs()) {
                reason = StopReason.EPOCHS_DONE;
                detail = epoch + " epoch(s) done";
                break;
            }
            if (config.maxSeconds() > 0 && (nanoTime.getAsLong() - started) / 1e9 >= config.maxSeconds()) {
                reason = StopReason.MAX_STEPS;
                detail = "time budget of " + config.maxSeconds() + " s reached after " + step + " updates";
                break;
            }
            long t0 = nanoTime.getAsLong();
            int from = position * config.bptt();
            int steps = Math.min(config.bptt(), cols.length() - from);
            int n = steps * cols.batch();
            Updater.Update u =
                    updater.update(() -> model.trainSegment(cols.inputs(), cols.targets(), from, steps, state) / n);
            if (!u.applied()) {
                reason = StopReason.NON_FINITE;
                detail = "update " + (step + 1) + ": " + u.nonFinite().message()
                        + "; lower --lr or --clip (the last checkpoint is the last good state)";
                break;
            }
            step++;
            chars += n;
            position++;
            if (position == segments) {
                position = 0;
                epoch++;
                state.reset();
            }
            trainingNanos += nanoTime.getAsLong() - t0;
            double seconds = trainingNanos / 1e9;
            listener.onStep(new StepEvent(
                    step,
                    epoch,
                    chars / Math.max(seconds, 1e-9),
                    u.loss(),
                    Math.exp(u.loss()),
                    updater.learningRate(),
                    u.gradNorm(),
                    eta(step, epoch, position, segments, seconds, ++runSteps)));
            if (step % config.validateEvery() == 0) {
                last = validate ? evaluation.perplexity(model, valid) : null;
                lastValidated = step;
                if (diverged(last)) {
                    report(last, best, step, epoch, updater);
                    reason = StopReason.NON_FINITE;
                    detail = divergence(last, step);
                    break;
                }
                best = report(last, best, step, epoch, updater);
                save(
                        checkpointer,
                        new LoopPosition(step, epoch, position, best, updater.exportOptimizer(), state.export()));
            }
        }
        if (reason != StopReason.NON_FINITE && lastValidated != step) {
            last = validate ? evaluation.perplexity(model, valid) : null;
            if (diverged(last)) {
                report(last, best, step, epoch, updater);
                reason = StopReason.NON_FINITE;
                detail = divergence(last, step);
            } else {
                best = report(last, best, step, epoch, updater);
                save(
                        checkpointer,
                        new LoopPosition(step, epoch, position, best, updater.exportOptimizer(), state.export()));
            }
        }
        LOG.info(
                "language model: {} after {} updates ({} characters in {} s of training)",
                detail,
                step,
                chars,
                String.format("%.1f", trainingNanos / 1e9));
        listener.onStop(new StopEvent(step, reason, detail));
        return new Result(step, epoch, reason, detail, last, chars, trainingNanos / 1e9);
    }

    /** A validation perplexity that is NaN or infinite: the model has diverged. */
    private static boolean diverged(Perplexity p) {
        return p != null && !Double.isFinite(p.value());
    }

    private static String divergence(Perplexity p, long step) {
        return "validation at step " + step + ": perplexity " + p.value() + " (loss " + p.nllPerToken()
                + "): training diverged; lower --lr or --clip (the last checkpoint is the last good state)";
    }

    /** Reports a validation; returns the new best nll (a diverged validation is never the best). */
    private double report(Perplexity p, double best, long step, int epoch, Updater updater) {
        if (p == null) {
            return best;
        }
        boolean isBest = !diverged(p) && (Double.isNaN(best) || p.nllPerToken() < best);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("ppl", p.value());
        metrics.put("bpc", p.bitsPerToken());
        metrics.put("loss", p.nllPerToken());
        listener.onValidation(new ValidationEvent(step, epoch, metrics, isBest, updater.learningRate()));
        return isBest ? p.nllPerToken() : best;
    }

    private void save(Checkpointer checkpointer, LoopPosition position) throws IOException {
        if (checkpointer != null) {
            Path file = checkpointer.save(position);
            listener.onCheckpoint(new CheckpointEvent(position.step(), file, false));
        }
    }

    private Duration eta(long step, int epoch, int position, int segments, double seconds, long runSteps) {
        long remaining;
        if (config.maxSteps() > 0) {
            remaining = config.maxSteps() - step;
        } else {
            remaining = (long) (config.epochs() - epoch) * segments - position;
        }
        double perStep = seconds / Math.max(1, runSteps);
        double eta = remaining * perStep;
        if (config.maxSeconds() > 0) {
            eta = Math.min(eta, Math.max(0, config.maxSeconds() - seconds));
        }
        return Duration.ofMillis((long) (eta * 1000));
    }
}
