package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.NonFiniteGuard;
import dev.tolk.seq2seq.telemetry.NonFiniteReport;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shared loop with fake updates (a loss of {@code 1/step}, a gradient norm of {@code step}) and a fake
 * validation (loss {@code 0.5}, or NaN at chosen steps): every event is written down as a line, and the lines are
 * compared whole, so the order of updates, validations, checkpoints and the stop is what is checked.
 */
class TrainingLoopTest {

    /** A fake model: its updates, position, validation and checkpoints, all recorded in {@link #log}. */
    private static final class Fake implements TrainingLoop.Updates, TrainingLoop.Position, TrainingListener {
        final List<String> log = new ArrayList<>();
        final Set<Long> nonFiniteUpdates;
        final Set<Long> divergedValidations;
        long step;

        Fake(Set<Long> nonFiniteUpdates, Set<Long> divergedValidations) {
            this.nonFiniteUpdates = nonFiniteUpdates;
            this.divergedValidations = divergedValidations;
        }

        @Override
        public Updater.Update next() {
            long next = step + 1;
            if (nonFiniteUpdates.contains(next)) {
                return new Updater.Update(Double.NaN, 1, NonFiniteGuard.scan(Map.of("loss", Double.NaN), Map.of()));
            }
            step = next;
            return new Updater.Update(1.0 / next, next, null);
        }

        @Override
        public long step() {
            return step;
        }

        @Override
        public TrainingLoop.Progress progress() {
            return new TrainingLoop.Progress((int) (step / 4), 0.01, 100.0 * step, Duration.ofSeconds(step));
        }

        TrainingLoop.Score validate() {
            double loss = divergedValidations.contains(step) ? Double.NaN : 0.5;
            return new TrainingLoop.Score(
                    loss,
                    Math.exp(loss),
                    scheduled -> new ValidationEvent(
                            step, 0, Map.of("loss", loss, "scheduled", scheduled ? 1.0 : 0.0), true, 0.01),
                    () -> new ValidationEvent(step, 0, Map.of("loss", loss), false, 0.01));
        }

        CheckpointEvent checkpoint() {
            return new CheckpointEvent(step, Path.of("ck-" + step), false);
        }

        @Override
        public void onStep(StepEvent e) {
            log.add("step " + e.step() + " epoch " + e.epoch() + " loss " + e.loss() + " ppl " + e.perplexity()
                    + " lr " + e.learningRate() + " norm " + e.gradNorm() + " tps " + e.tokensPerSecond() + " eta "
                    + e.eta().toSeconds());
        }

        @Override
        public void onValidation(ValidationEvent e) {
            log.add("validation " + e.step() + (e.best() ? " kept" : " rejected")
                    + (e.metrics().get("scheduled") == null
                            ? ""
                            : e.metrics().get("scheduled") == 1.0 ? " scheduled" : " final"));
        }

        @Override
        public void onCheckpoint(CheckpointEvent e) {
            log.add("checkpoint " + e.step() + " " + e.file());
        }

        @Override
        public void onStop(StopEvent e) {
            log.add("stop " + e.step() + " " + e.reason() + ": " + e.detail());
        }
    }

    private static Fake fake() {
        return new Fake(Set.of(), Set.of());
    }

    /** A loop over {@code f} that validates every 3 updates, checkpoints every 2 and stops before update 8. */
    private static TrainingLoop loop(Fake f) {
        return new TrainingLoop(f, f, f)
                .validating(3, f::validate)
                .checkpointing(2, f::checkpoint, -1)
                .stopBefore(s -> s >= 7 ? new StopEvent(s, StopReason.MAX_STEPS, "7 done") : null)
                .advice("fix the update", "fix the data");
    }

    private static List<String> brief(List<String> log) {
        return log.stream()
                .map(l -> l.startsWith("step ") ? l.split(" epoch")[0] : l)
                .toList();
    }

    @Test
    void stepEventsCarryTheUpdateAndThePositionsProgress() throws IOException {
        Fake f = fake();
        new TrainingLoop(f, f, f)
                .stopBefore(s -> s >= 2 ? new StopEvent(s, StopReason.MAX_STEPS, "2 done") : null)
                .run();
        assertEquals(
                List.of(
                        "step 1 epoch 0 loss 1.0 ppl " + Math.exp(1) + " lr 0.01 norm 1.0 tps 100.0 eta 1",
                        "step 2 epoch 0 loss 0.5 ppl " + Math.exp(0.5) + " lr 0.01 norm 2.0 tps 200.0 eta 2",
                        "stop 2 MAX_STEPS: 2 done"),
                f.log);
    }

    @Test
    void validatesAndCheckpointsOnTheirCadenceThenOnceMoreAtTheEnd() throws IOException {
        Fake f = fake();
        StopEvent stop = loop(f).run();
        assertEquals(new StopEvent(7, StopReason.MAX_STEPS, "7 done"), stop);
        assertEquals(
                List.of(
                        "step 1",
                        "step 2",
                        "checkpoint 2 ck-2",
                        "step 3",
                        "validation 3 kept scheduled",
                        "step 4",
                        "checkpoint 4 ck-4",
                        "step 5",
                        "step 6",
                        "validation 6 kept scheduled",
                        "checkpoint 6 ck-6",
                        "step 7",
                        "validation 7 kept final",
                        "checkpoint 7 ck-7",
                        "stop 7 MAX_STEPS: 7 done"),
                brief(f.log));
    }

    @Test
    void theFinalValidationCanBeKeptAfterTheLastCheckpoint() throws IOException {
        Fake f = fake();
        loop(f).keepFinalValidationAfterCheckpoint().run();
        assertEquals(
                List.of("step 7", "checkpoint 7 ck-7", "validation 7 kept final", "stop 7 MAX_STEPS: 7 done"),
                brief(f.log).subList(11, 15));
    }

    @Test
    void aLastStepThatWasValidatedAndCheckpointedIsNotDoneAgain() throws IOException {
        Fake f = fake();
        new TrainingLoop(f, f, f)
                .validating(3, f::validate)
                .checkpointing(3, f::checkpoint, -1)
                .stopBefore(s -> s >= 6 ? new StopEvent(s, StopReason.EPOCHS_DONE, "6 done") : null)
                .run();
        assertEquals(
                List.of("step 6", "validation 6 kept scheduled", "checkpoint 6 ck-6", "stop 6 EPOCHS_DONE: 6 done"),
                brief(f.log).subList(7, 11));
    }

    @Test
    void theStopRulesAreCheckedInOrderBeforeAndAfterEachUpdate() throws IOException {
        Fake f = fake();
        StopEvent stop = new TrainingLoop(f, f, f)
                .stopBefore(s -> s >= 3 ? new StopEvent(s, StopReason.EPOCHS_DONE, "first before") : null)
                .stopBefore(s -> s >= 3 ? new StopEvent(s, StopReason.MAX_STEPS, "second before") : null)
                .stopAfter(s -> s >= 5 ? new StopEvent(s, StopReason.TIME_BUDGET, "after") : null)
                .run();
        assertEquals(new StopEvent(3, StopReason.EPOCHS_DONE, "first before"), stop);

        Fake g = fake();
        assertEquals(
                new StopEvent(2, StopReason.TIME_BUDGET, "after update 2"),
                new TrainingLoop(g, g, g)
                        .stopBefore(s -> s >= 3 ? new StopEvent(s, StopReason.MAX_STEPS, "before") : null)
                        .stopAfter(s -> s >= 2 ? new StopEvent(s, StopReason.TIME_BUDGET, "after update " + s) : null)
                        .run());
        assertEquals(List.of("step 1", "step 2", "stop 2 TIME_BUDGET: after update 2"), brief(g.log));
    }

    @Test
    void aStopAfterAnUpdateComesAfterItsValidationAndCheckpoint() throws IOException {
        Fake f = fake();
        TrainingLoop loop =
                loop(f).stopAfter(s -> s == 3 ? new StopEvent(s, StopReason.EARLY_STOPPING, "patience") : null);
        assertEquals(StopReason.EARLY_STOPPING, loop.run().reason());
        assertEquals(
                List.of(
                        "step 1",
                        "step 2",
                        "checkpoint 2 ck-2",
                        "step 3",
                        "validation 3 kept scheduled",
                        "checkpoint 3 ck-3",
                        "stop 3 EARLY_STOPPING: patience"),
                brief(f.log),
                "validated at step 3 already: no second validation; checkpointed at the end");
    }

    @Test
    void aNonFiniteUpdateEndsTheRunWithoutValidationOrCheckpoint() throws IOException {
        Fake f = new Fake(Set.of(5L), Set.of());
        StopEvent stop = loop(f).run();
        NonFiniteReport report = NonFiniteGuard.scan(Map.of("loss", Double.NaN), Map.of());
        assertEquals(
                new StopEvent(4, StopReason.NON_FINITE, "update 5: " + report.message() + "; fix the update"), stop);
        assertEquals(
                List.of(
                        "step 4",
                        "checkpoint 4 ck-4",
                        "stop 4 NON_FINITE: update 5: " + report.message() + "; fix " + "the update"),
                brief(f.log).subList(5, 8));
        assertEquals(4, f.step, "the update that was not applied changed nothing");
    }

    @Test
    void aDivergedValidationIsRejectedAndEndsTheRunWithoutCheckpoint() throws IOException {
        Fake f = new Fake(Set.of(), Set.of(6L));
        StopEvent stop = loop(f).run();
        assertEquals(
                new StopEvent(
                        6,
                        StopReason.NON_FINITE,
                        "validation at step 6: perplexity NaN (loss NaN): training diverged; fix the data"),
                stop);
        assertEquals(
                List.of("step 6", "validation 6 rejected", "stop 6 " + stop.reason() + ": " + stop.detail()),
                brief(f.log).subList(8, 11));
    }

    @Test
    void aDivergedFinalValidationEndsTheRunWithoutTheLastCheckpoint() throws IOException {
        Fake f = new Fake(Set.of(), Set.of(7L));
        StopEvent stop = new TrainingLoop(f, f, f)
                .validating(3, f::validate)
                .checkpointing(2, f::checkpoint, -1)
                .stopBefore(s -> s >= 7 ? new StopEvent(s, StopReason.MAX_STEPS, "7 done") : null)
                .run();
        assertEquals(
                "validation at step 7: perplexity NaN (loss NaN): training diverged", stop.detail(), "no advice given");
        assertEquals(
                List.of("step 7", "validation 7 rejected", "stop 7 NON_FINITE: " + stop.detail()),
                brief(f.log).subList(11, 14));
    }

    @Test
    void anInterruptedRunIsCheckpointedButNotValidated() throws IOException {
        Fake f = fake();
        loop(f).stopAfter(s -> s == 5 ? new StopEvent(s, StopReason.INTERRUPTED, "interrupted") : null)
                .run();
        assertEquals(
                List.of("step 5", "checkpoint 5 ck-5", "stop 5 INTERRUPTED: interrupted"),
                brief(f.log).subList(7, 10));
    }

    @Test
    void aResumedRunThatIsAlreadyDoneValidatesButKeepsItsCheckpoint() throws IOException {
        Fake f = fake();
        f.step = 7;
        loop(f).checkpointing(2, f::checkpoint, 7).run();
        assertEquals(List.of("validation 7 kept final", "stop 7 MAX_STEPS: 7 done"), f.log);
    }

    @Test
    void withoutValidationDataTheCheckpointsStillFollow() throws IOException {
        Fake f = fake();
        new TrainingLoop(f, f, f)
                .validating(2, () -> null)
                .checkpointing(2, f::checkpoint, -1)
                .stopBefore(s -> s >= 3 ? new StopEvent(s, StopReason.MAX_STEPS, "3 done") : null)
                .run();
        assertEquals(
                List.of(
                        "step 1",
                        "step 2",
                        "checkpoint 2 ck-2",
                        "step 3",
                        "checkpoint 3 ck-3",
                        "stop 3 MAX_STEPS: 3 done"),
                brief(f.log));
    }

    @Test
    void aLoopRunsOnceAndIntervalsArePositive() throws IOException {
        Fake f = fake();
        TrainingLoop loop = new TrainingLoop(f, f, f).stopBefore(s -> new StopEvent(s, StopReason.MAX_STEPS, "none"));
        loop.run();
        assertThrows(IllegalStateException.class, loop::run);
        assertThrows(IllegalStateException.class, () -> loop.stopAfter(s -> null));
        assertThrows(IllegalArgumentException.class, () -> new TrainingLoop(f, f, f).validating(0, f::validate));
        assertThrows(
                IllegalArgumentException.class, () -> new TrainingLoop(f, f, f).checkpointing(0, f::checkpoint, -1));
    }
}
