package dev.tolk.cli;

import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on standard error: on a terminal a progress bar (step, epoch, tokens/s, loss, perplexity,
 * learning rate, ETA); otherwise (a pipe, a log file, tests) a plain status line every {@code every} steps. Each
 * validation is one line in both modes.
 */
final class TrainProgress implements TrainingListener, AutoCloseable {
    private final PrintWriter err;
    private final long every;
    private final long total;
    private final ProgressBar bar;

    /**
     * @param err standard error of the command
     * @param total planned updates (for the bar), or 0 when unknown
     * @param every plain-mode status interval in steps
     * @param terminal whether standard error is a terminal
     */
    TrainProgress(PrintWriter err, long total, long every, boolean terminal) {
        this.err = err;
        this.every = Math.max(1, every);
        this.total = total;
        this.bar = terminal
                ? new ProgressBarBuilder()
                        .setTaskName("train")
                        .setInitialMax(total > 0 ? total : -1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500)
                        .showSpeed()
                        .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                        .build()
                : null;
    }

    /** Whether standard error is an interactive terminal (no progress bar otherwise). */
    static boolean isTerminal() {
        return System.console() != null;
    }

    @Override
    public void onStep(StepEvent e) {
        String status = String.format(
                Locale.ROOT,
                "epoch %d | %.0f tok/s | loss %.3f | ppl %.2f | lr %.2g",
                e.epoch() + 1,
                e.tokensPerSecond(),
                e.loss(),
                e.perplexity(),
                e.learningRate());
        if (bar != null) {
            bar.stepTo(e.step());
            bar.setExtraMessage(status);
        } else if (e.step() % every == 0) {
            err.println(
                    "step " + e.step() + (total > 0 ? "/" + total : "") + " | " + status + " | eta " + format(e.eta()));
            err.flush();
        }
    }

    @Override
    public void onValidation(ValidationEvent e) {
        String line = String.format(
                Locale.ROOT,
                "validation at step %d: ppl %.3f, BLEU %.2f%s, lr %.2g",
                e.step(),
                e.metrics().getOrDefault("ppl", Double.NaN),
                e.metrics().getOrDefault("bleu", Double.NaN),
                e.best() ? " (best so far, model saved)" : "",
                e.learningRate());
        if (bar != null) {
            bar.setExtraMessage(line);
        }
        err.println(line);
        err.flush();
    }

    @Override
    public void onCheckpoint(CheckpointEvent e) {
        if (bar == null) {
            err.println("checkpoint at step " + e.step() + ": " + e.file());
            err.flush();
        }
    }

    /** Ends the bar; a diverged run is reported once, as the command's error, not here. */
    @Override
    public void onStop(StopEvent e) {
        close();
        if (e.reason() != StopReason.NON_FINITE) {
            err.println("training stopped at step " + e.step() + ": " + e.detail());
            err.flush();
        }
    }

    static String format(Duration d) {
        if (d == null) {
            return "?";
        }
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
