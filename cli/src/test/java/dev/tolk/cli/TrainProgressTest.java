package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain-line progress (standard error not a terminal) and {@code --quiet}, line by line. */
class TrainProgressTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-01-02T12:34:56Z"), ZoneOffset.UTC);

    private static StepEvent step(long n, double loss, Duration eta) {
        return new StepEvent(n, 0, 1000, loss, Math.exp(loss), 0.002, 1.0, eta);
    }

    @Test
    void linesShowTheRunningMeanLossTimeStampsAndEachEventOnce() {
        StringWriter s = new StringWriter();
        TrainProgress p = new TrainProgress(new PrintWriter(s), 120, 2, TrainProgress.Mode.LINES, NOON);
        // a resumed run: its first update is 101; the loss shown is the mean of this process's updates so far
        p.onStep(step(101, 4.0, Duration.ofSeconds(95)));
        p.onStep(step(102, 2.0, Duration.ofSeconds(90)));
        p.onValidation(new ValidationEvent(102, 0, Map.of("ppl", 7.5, "bleu", 12.0), true, 0.002));
        p.onCheckpoint(new CheckpointEvent(102, Path.of("m/checkpoints/ckpt-000000000102.tolk"), true));
        p.onStop(new StopEvent(102, StopReason.MAX_STEPS, "done"));
        p.close();
        String ts = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                .format(NOON.instant().atZone(java.time.ZoneId.systemDefault()));
        assertEquals(
                List.of(
                        ts + " step 102/120 | epoch 1 | 1000 tok/s | loss 3.000 | ppl 20.09 | lr 0.0020 | eta 1m30s",
                        ts + " validation at step 102: ppl 7.500, BLEU 12.00 (best so far, model saved), lr 0.0020",
                        ts + " checkpoint at step 102: m/checkpoints/ckpt-000000000102.tolk",
                        ts + " training stopped at step 102: done"),
                s.toString().lines().toList());
    }

    @Test
    void theMeanIsOverTheLastFiftyUpdates() {
        StringWriter s = new StringWriter();
        TrainProgress p = new TrainProgress(new PrintWriter(s), 0, 60, TrainProgress.Mode.LINES, NOON);
        for (int n = 1; n <= 60; n++) {
            p.onStep(step(n, n <= 10 ? 100.0 : 1.0, null)); // the first ten fall out of the window
        }
        assertEquals(1, s.toString().lines().count(), s.toString());
        assertEquals(true, s.toString().contains("| loss 1.000 |"), s.toString());
    }

    @Test
    void quietPrintsOnlyWarningsAndNoStopLineForAnInterruptedRun() {
        StringWriter s = new StringWriter();
        TrainProgress p = new TrainProgress(new PrintWriter(s), 10, 1, TrainProgress.Mode.QUIET, NOON);
        p.onStep(step(1, 2.0, null));
        p.onValidation(new ValidationEvent(1, 0, Map.of("ppl", 7.5), false, 0.002));
        p.warn("something to know");
        p.onStop(new StopEvent(1, StopReason.MAX_STEPS, "done"));
        assertEquals(
                List.of("tolk: warning: something to know"),
                s.toString().lines().toList());
        StringWriter t = new StringWriter();
        TrainProgress lines = new TrainProgress(new PrintWriter(t), 10, 100, TrainProgress.Mode.LINES, NOON);
        lines.onStop(new StopEvent(3, StopReason.INTERRUPTED, "interrupted after update 3"));
        assertEquals("", t.toString(), "the command prints the one line of an interrupted run");
    }
}
