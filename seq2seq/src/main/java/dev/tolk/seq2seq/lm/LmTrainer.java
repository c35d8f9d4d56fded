package dev.tolk.seq2seq.lm;

import dev.tolk.core.OptimizerState;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import dev.tolk.seq2seq.train.TrainingLoop;
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
 * to the {@link Checkpointer}; the last validation is kept before the last checkpoint, which holds its best. Each
 * update is the shared {@link Updater}'s and the loop the shared {@link TrainingLoop}, with the stop rules of a
 * language model, checked before each update: {@code maxSteps}, {@code epochs}, then {@code maxSeconds} of wall time
 * (reported as {@link StopReason#MAX_STEPS}). A non-finite loss or gradient norm stops the run before the update is
 * applied, a NaN or infinite validation perplexity stops it without a checkpoint ({@link StopReason#NON_FINITE}); the
 * last checkpoint stays the last good state.
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

    /** What to do about a non-finite update or a diverged validation. */
    private static final String ADVICE = "lower --lr or --clip (the last checkpoint is the last good state)";

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
        Segments run = new Segments(model, train, valid, resume, checkpointer);
        TrainingLoop loop = new TrainingLoop(run, run, listener)
                .validating(config.validateEvery(), run::validate)
                .stopBefore(run::maxStepsDone)
                .stopBefore(run::epochsDone)
                .stopBefore(run::budgetSpent)
                .advice(ADVICE, ADVICE)
                .atEnd(stop -> LOG.info(
                        "language model: {} after {} updates ({} characters in {} s of training)",
                        stop.detail(),
                        stop.step(),
                        run.chars,
                        String.format("%.1f", run.trainingNanos / 1e9)));
        if (checkpointer != null) {
            // a checkpoint follows every validation (none in between): the same interval
            loop.checkpointing(config.validateEvery(), run::checkpoint, -1);
        }
        StopEvent stop = loop.run();
        return new Result(
                stop.step(), run.epoch, stop.reason(), stop.detail(), run.last, run.chars, run.trainingNanos / 1e9);
    }

    /**
     * One run: the segments of the training stream, epoch after epoch, and where the run stands in them (the step,
     * the epoch, the next segment, the carried state, the best validation so far).
     */
    private final class Segments implements TrainingLoop.Updates, TrainingLoop.Position {
        private final CharLanguageModel model;
        private final CharStream valid;
        private final Checkpointer checkpointer;
        private final StreamColumns cols;
        private final int segments;
        private final Updater updater;
        private final LmState state;
        private final LmEvaluation evaluation;
        private final boolean validate;
        private final long started;
        private long step;
        private int epoch;
        private int position;
        private double best = Double.NaN;
        private long trainingNanos;
        private long chars;
        private long runSteps;
        /** The last validation's perplexity, null before the first or without validation text. */
        private Perplexity last;

        Segments(
                CharLanguageModel model,
                CharStream train,
                CharStream valid,
                LoopPosition resume,
                Checkpointer checkpointer) {
            this.model = model;
            this.valid = valid;
            this.checkpointer = checkpointer;
            cols = train.columns(config.batch());
            segments = cols.segments(config.bptt());
            updater = Updater.constantRate(model.parameters(), (float) config.learningRate(), config.clip());
            state = model.newState(cols.batch());
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
            evaluation = new LmEvaluation(config.batch(), 128);
            validate = valid.length() >= 2;
            started = nanoTime.getAsLong();
        }

        /** The next segment's update; once applied, the next segment (the state reset at an epoch's start). */
        @Override
        public Updater.Update next() {
            long t0 = nanoTime.getAsLong();
            int from = position * config.bptt();
            int steps = Math.min(config.bptt(), cols.length() - from);
            int n = steps * cols.batch();
            Updater.Update u =
                    updater.update(() -> model.trainSegment(cols.inputs(), cols.targets(), from, steps, state) / n);
            if (u.applied()) {
                step++;
                chars += n;
                position++;
                if (position == segments) {
                    position = 0;
                    epoch++;
                    state.reset();
                }
                trainingNanos += nanoTime.getAsLong() - t0;
                runSteps++;
            }
            return u;
        }

        @Override
        public long step() {
            return step;
        }

        /** Characters per second of update time (validation excluded), and the time left at that pace. */
        @Override
        public TrainingLoop.Progress progress() {
            double seconds = trainingNanos / 1e9;
            long remaining;
            if (config.maxSteps() > 0) {
                remaining = config.maxSteps() - step;
            } else {
                remaining = (long) (config.epochs() - epoch) * segments - position;
            }
            double eta = remaining * (seconds / Math.max(1, runSteps));
            if (config.maxSeconds() > 0) {
                eta = Math.min(eta, Math.max(0, config.maxSeconds() - seconds));
            }
            return new TrainingLoop.Progress(
                    epoch, updater.learningRate(), chars / Math.max(seconds, 1e-9), Duration.ofMillis((long)
                            (eta * 1000)));
        }

        StopEvent maxStepsDone(long step) {
            return config.maxSteps() > 0 && step >= config.maxSteps()
                    ? new StopEvent(step, StopReason.MAX_STEPS, step + " updates done")
                    : null;
        }

        StopEvent epochsDone(long step) {
            return config.epochs() > 0 && epoch >= config.epochs()
                    ? new StopEvent(step, StopReason.EPOCHS_DONE, epoch + " epoch(s) done")
                    : null;
        }

        StopEvent budgetSpent(long step) {
            return config.maxSeconds() > 0 && (nanoTime.getAsLong() - started) / 1e9 >= config.maxSeconds()
                    ? new StopEvent(
                            step,
                            StopReason.MAX_STEPS,
                            "time budget of " + config.maxSeconds() + " s reached after " + step + " updates")
                    : null;
        }

        /** Scores the validation stream with B columns, or nothing without validation text. */
        TrainingLoop.Score validate() {
            last = validate ? evaluation.perplexity(model, valid) : null;
            if (last == null) {
                return null;
            }
            Perplexity p = last;
            return new TrainingLoop.Score(p.nllPerToken(), p.value(), scheduled -> keep(p), () -> event(p, false));
        }

        /** A finite validation: the best when its nll per character is below the best so far. */
        private ValidationEvent keep(Perplexity p) {
            boolean isBest = Double.isNaN(best) || p.nllPerToken() < best;
            if (isBest) {
                best = p.nllPerToken();
            }
            return event(p, isBest);
        }

        private ValidationEvent event(Perplexity p, boolean isBest) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("ppl", p.value());
            metrics.put("bpc", p.bitsPerToken());
            metrics.put("loss", p.nllPerToken());
            return new ValidationEvent(step, epoch, metrics, isBest, updater.learningRate());
        }

        CheckpointEvent checkpoint() throws IOException {
            Path file = checkpointer.save(
                    new LoopPosition(step, epoch, position, best, updater.exportOptimizer(), state.export()));
            return new CheckpointEvent(step, file, false);
        }
    }
}
