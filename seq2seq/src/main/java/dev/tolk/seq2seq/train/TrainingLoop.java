package dev.tolk.seq2seq.train;

import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The loop around the shared {@link Updater}, the same for every model trained here (the translator's
 * {@link Trainer}, the character language model's {@code LmTrainer} and the seq2seq benchmark): what a model does is
 * given by small interfaces (draw the next batch and run its update, {@link Updates}; where the run stands,
 * {@link Position}; validate, {@link Validation}; checkpoint, {@link Checkpoints}; when to stop, {@link StopRule}),
 * and this class runs them in one fixed order.
 *
 * <p><b>One iteration.</b>
 *
 * <ol>
 *   <li>the {@link #stopBefore} rules, in the order given; the first that answers ends the run;
 *   <li>the next update ({@link Updates#next()}); one that is not applied (a NaN or infinite loss or gradient norm)
 *       ends the run with {@link StopReason#NON_FINITE}: {@code "update N: <what was not finite>; <advice>"};
 *   <li>the {@link StepEvent} of the update: its loss, {@code exp(loss)} and gradient norm with the position's
 *       {@link Progress};
 *   <li>when {@code step % validateEvery == 0}: a validation; one whose perplexity is NaN or infinite
 *       is rejected and ends the run with
 *       {@link StopReason#NON_FINITE} ({@code "validation at step S: perplexity P (loss L): training diverged;
 *       <advice>"}, no checkpoint), a finite one is kept as scheduled;
 *   <li>when {@code step % checkpointEvery == 0}: a checkpoint;
 *   <li>the {@link #stopAfter} rules, in the order given.
 * </ol>
 *
 * <p><b>The end.</b> After {@link StopReason#NON_FINITE}: nothing more. After {@link StopReason#INTERRUPTED}: a
 * checkpoint unless one holds this step already, no validation. Otherwise a last validation unless one ran at this
 * step (a diverged one ends the run as above, without a checkpoint), a checkpoint unless one holds this step, and
 * the last validation kept (not as scheduled) — before that checkpoint, so it holds the validation's effects, or
 * after it ({@link #keepFinalValidationAfterCheckpoint()}), so it holds exactly the state of the scheduled updates
 * and validations and a run resumed from it continues as an uninterrupted one. Then the {@link #atEnd} action and
 * the {@link StopEvent}.
 *
 * <p>Events go to the {@link TrainingListener} in the order above, all on the calling thread. The loop keeps no
 * state of its own that a checkpoint would need: the step, the epoch and the data position are the model's
 * ({@link Position}). It makes no random choice and reads no clock (throughput, time budgets and their clocks are
 * the model's: {@link Progress}, {@link StopRule}), so a run is exactly as deterministic as its parts. Set up with the
 * fluent methods, then {@link #run()} once; not thread-safe.
 */
public final class TrainingLoop {

    /** Draws the next batch and runs its update. */
    @FunctionalInterface
    public interface Updates {
        /**
         * @return the update; when it is {@link Updater.Update#applied() applied}, the position has moved past the
         *     batch (one more step, possibly a new epoch); when not, nothing changed
         * @throws IOException when the batch cannot be read
         */
        Updater.Update next() throws IOException;
    }

    /** Where a run stands, as its events report it. */
    public interface Position {
        /** @return updates done, counting those of the run a resumed one continues */
        long step();

        /** @return the progress after the update just applied; called once per applied update */
        Progress progress();
    }

    /**
     * A step event's report of the position.
     *
     * @param epoch the current epoch, 0-based
     * @param learningRate the rate of the update
     * @param tokensPerSecond training throughput
     * @param eta estimated remaining time, or null when unknown
     */
    public record Progress(int epoch, double learningRate, double tokensPerSecond, Duration eta) {}

    /** Scores the model on held-out data. */
    @FunctionalInterface
    public interface Validation {
        /** @return the score, not yet kept (nothing a checkpoint holds has changed), or null when there is no data */
        Score validate();
    }

    /** A validation's result, until it is kept or rejected. */
    public static final class Score {
        /** Keeps a finite validation. */
        @FunctionalInterface
        public interface Keep {
            /**
             * @param scheduled false for the last validation at the end of the run
             * @return its event
             * @throws IOException when the best model cannot be written
             */
            ValidationEvent keep(boolean scheduled) throws IOException;
        }

        private final double loss;
        private final double perplexity;
        private final Keep keep;
        private final Supplier<ValidationEvent> reject;

        /**
         * @param loss mean negative log-likelihood per predicted token
         * @param perplexity {@code exp(loss)}
         * @param keep keeps it: the best model when it improves and, when scheduled (not the last one at the end of
         *     the run), what follows the schedule (early stopping, the learning rate)
         * @param reject records it as diverged (never the best)
         */
        public Score(double loss, double perplexity, Keep keep, Supplier<ValidationEvent> reject) {
            this.loss = loss;
            this.perplexity = perplexity;
            this.keep = keep;
            this.reject = reject;
        }

        /** @return whether the perplexity is NaN or infinite: training has diverged */
        boolean diverged() {
            return !Double.isFinite(perplexity);
        }
    }

    /** Writes a checkpoint of the current position. */
    @FunctionalInterface
    public interface Checkpoints {
        /**
         * @return its event, or null when nothing was written
         * @throws IOException when writing fails
         */
        CheckpointEvent save() throws IOException;
    }

    /** A reason to end the run, checked at a fixed point of every iteration. */
    @FunctionalInterface
    public interface StopRule {
        /**
         * @param step updates done
         * @return the stop, or null to go on
         */
        StopEvent check(long step);
    }

    /** What a run does when it has ended, before its stop event. */
    @FunctionalInterface
    public interface EndAction {
        /** @throws IOException when an output cannot be written */
        void accept(StopEvent stop) throws IOException;
    }

    private final Updates updates;
    private final Position position;
    private final TrainingListener listener;
    private final List<StopRule> before = new ArrayList<>();
    private final List<StopRule> after = new ArrayList<>();
    private Validation validation;
    private long validateEvery;
    private Checkpoints checkpoints;
    private long checkpointEvery;
    private boolean keepFinalAfterCheckpoint;
    private String nonFiniteAdvice;
    private String divergenceAdvice;
    private EndAction atEnd = stop -> {};
    private boolean ran;

    private long lastValidated = -1;
    private long lastCheckpoint = -1;

    /**
     * A loop without validation, checkpoints or stop rules (add them before {@link #run()}).
     *
     * @param updates the model's updates
     * @param position where the run stands
     * @param listener receives every event
     */
    public TrainingLoop(Updates updates, Position position, TrainingListener listener) {
        this.updates = updates;
        this.position = position;
        this.listener = listener;
    }

    /**
     * @param every validate after every {@code every}-th update (by the total step count), ≥ 1
     * @param validation how
     * @return this loop
     */
    public TrainingLoop validating(long every, Validation validation) {
        checkSetup(every, "validation");
        this.validateEvery = every;
        this.validation = validation;
        return this;
    }

    /**
     * @param every checkpoint after every {@code every}-th update (by the total step count), ≥ 1
     * @param checkpoints how
     * @param saved the step of a checkpoint that exists already (the one a resumed run started from, not written
     *     again at its end), or −1
     * @return this loop
     */
    public TrainingLoop checkpointing(long every, Checkpoints checkpoints, long saved) {
        checkSetup(every, "checkpoint");
        this.checkpointEvery = every;
        this.checkpoints = checkpoints;
        this.lastCheckpoint = saved;
        return this;
    }

    /** Keeps the last validation of the run after its last checkpoint, not before (see the class comment). */
    public TrainingLoop keepFinalValidationAfterCheckpoint() {
        checkSetup(1, "final validation");
        this.keepFinalAfterCheckpoint = true;
        return this;
    }

    /** Adds a rule checked before every update, after the rules added before it. */
    public TrainingLoop stopBefore(StopRule rule) {
        checkSetup(1, "stop rule");
        before.add(rule);
        return this;
    }

    /** Adds a rule checked after every update (its validation and checkpoint), after the rules added before it. */
    public TrainingLoop stopAfter(StopRule rule) {
        checkSetup(1, "stop rule");
        after.add(rule);
        return this;
    }

    /**
     * @param nonFiniteUpdate what to do about an update that was not finite, appended to its stop detail after
     *     {@code "; "}, or null for nothing
     * @param divergence what to do about a diverged validation, likewise
     * @return this loop
     */
    public TrainingLoop advice(String nonFiniteUpdate, String divergence) {
        checkSetup(1, "advice");
        this.nonFiniteAdvice = nonFiniteUpdate;
        this.divergenceAdvice = divergence;
        return this;
    }

    /** @param action runs when the run has ended, before the stop event (e.g. writes what the run leaves) */
    public TrainingLoop atEnd(EndAction action) {
        checkSetup(1, "end action");
        this.atEnd = action;
        return this;
    }

    private void checkSetup(long every, String what) {
        if (ran) {
            throw new IllegalStateException("the loop has run; set the " + what + " before run()");
        }
        if (every < 1) {
            throw new IllegalArgumentException("a " + what + " interval must be >= 1, got " + every);
        }
    }

    /**
     * Runs until a stop, then ends the run (see the class comment).
     *
     * @return the stop, also sent to the listener
     * @throws IOException when a batch, checkpoint or model cannot be read or written
     * @throws IllegalStateException when the loop has run already
     */
    public StopEvent run() throws IOException {
        if (ran) {
            throw new IllegalStateException("a training loop runs once");
        }
        ran = true;
        StopEvent stop = iterate();
        if (stop.reason() != StopReason.NON_FINITE) {
            stop = finish(stop);
        }
        atEnd.accept(stop);
        listener.onStop(stop);
        return stop;
    }

    private StopEvent iterate() throws IOException {
        while (true) {
            StopEvent stop = firstStop(before, position.step());
            if (stop != null) {
                return stop;
            }
            Updater.Update u = updates.next();
            if (!u.applied()) {
                long step = position.step();
                return new StopEvent(
                        step,
                        StopReason.NON_FINITE,
                        advised("update " + (step + 1) + ": " + u.nonFinite().message(), nonFiniteAdvice));
            }
            long step = position.step();
            Progress p = position.progress();
            listener.onStep(new StepEvent(
                    step,
                    p.epoch(),
                    p.tokensPerSecond(),
                    u.loss(),
                    Math.exp(u.loss()),
                    p.learningRate(),
                    u.gradNorm(),
                    p.eta()));
            if (validation != null && step % validateEvery == 0) {
                Score s = validate(step);
                if (s != null && s.diverged()) {
                    return divergence(s, step);
                }
                if (s != null) {
                    listener.onValidation(s.keep.keep(true));
                }
            }
            if (checkpoints != null && step % checkpointEvery == 0) {
                checkpoint(step);
            }
            stop = firstStop(after, step);
            if (stop != null) {
                return stop;
            }
        }
    }

    private StopEvent finish(StopEvent stop) throws IOException {
        long step = position.step();
        if (stop.reason() == StopReason.INTERRUPTED) {
            if (checkpoints != null && lastCheckpoint != step) {
                checkpoint(step);
            }
            return stop;
        }
        Score last = null;
        if (validation != null && lastValidated != step) {
            last = validate(step);
            if (last != null && last.diverged()) {
                return divergence(last, step);
            }
        }
        if (last != null && !keepFinalAfterCheckpoint) {
            listener.onValidation(last.keep.keep(false));
        }
        if (checkpoints != null && lastCheckpoint != step) {
            checkpoint(step);
        }
        if (last != null && keepFinalAfterCheckpoint) {
            listener.onValidation(last.keep.keep(false));
        }
        return stop;
    }

    private static StopEvent firstStop(List<StopRule> rules, long step) {
        for (StopRule rule : rules) {
            StopEvent stop = rule.check(step);
            if (stop != null) {
                return stop;
            }
        }
        return null;
    }

    private Score validate(long step) {
        lastValidated = step;
        return validation.validate();
    }

    private StopEvent divergence(Score s, long step) {
        listener.onValidation(s.reject.get());
        return new StopEvent(
                step,
                StopReason.NON_FINITE,
                advised(
                        "validation at step " + step + ": perplexity " + s.perplexity + " (loss " + s.loss
                                + "): training diverged",
                        divergenceAdvice));
    }

    private void checkpoint(long step) throws IOException {
        lastCheckpoint = step;
        CheckpointEvent event = checkpoints.save();
        if (event != null) {
            listener.onCheckpoint(event);
        }
    }

    private static String advised(String fact, String advice) {
        return advice == null ? fact : fact + "; " + advice;
    }
}
