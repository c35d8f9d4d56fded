package dev.tolk.cli;

import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on standard error, in one of three {@link Mode}s chosen from standard error itself (not from
 * standard output, as {@code System.console()} would):
 *
 * <ul>
 *   <li>{@link Mode#BAR}, standard error is a terminal: one progress line redrawn in place (step, epoch, tokens/s,
 *       the running mean of the loss, perplexity, learning rate, rate and ETA of this process's updates, so right
 *       after {@code --resume}); every other line written to standard error while training (log lines, warnings,
 *       validations) is printed above the bar, which is then redrawn, so no line is broken by it.
 *   <li>{@link Mode#LINES}, a pipe or a file: a plain status line every {@code every} updates, no carriage returns.
 *   <li>{@link Mode#QUIET} ({@code --quiet}): nothing but what the command prints itself.
 * </ul>
 *
 * Each validation, checkpoint and stop is printed once, with a time stamp, in the first two modes.
 */
final class TrainProgress implements TrainingListener, AutoCloseable {
    /** How progress is shown. */
    enum Mode {
        BAR,
        LINES,
        QUIET
    }

    /** Updates the loss shown is the mean of. */
    static final int LOSS_WINDOW = 50;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final String CLEAR_LINE = "\r\033[K";

    private final Object lock = new Object();
    private final PrintWriter err;
    private final long every;
    private final long total;
    private final Mode mode;
    private final Clock clock;
    private final double[] losses = new double[LOSS_WINDOW];
    private long lossCount;
    private double lossSum;
    private volatile Duration eta;

    /** BAR mode: the terminal, where the bar is drawn, and the standard error it replaced. */
    private final PrintStream terminal;

    private final PrintStream replacedErr;
    private ProgressBar bar;
    private String barLine = "";
    private boolean closed;

    /**
     * @param err standard error of the command (LINES mode)
     * @param total planned updates (for the bar), or 0 when unknown
     * @param every LINES mode status interval in updates
     * @param mode how to show progress; in {@link Mode#BAR} standard error is routed through the bar until
     *     {@link #close()}
     * @param clock for time stamps
     */
    TrainProgress(PrintWriter err, long total, long every, Mode mode, Clock clock) {
        this.err = err;
        this.every = Math.max(1, every);
        this.total = total;
        this.mode = mode;
        this.clock = clock;
        if (mode == Mode.BAR) {
            replacedErr = System.err;
            terminal = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            System.setErr(new PrintStream(new AboveTheBar(), true, StandardCharsets.UTF_8));
        } else {
            replacedErr = null;
            terminal = null;
        }
    }

    /** The mode for standard error as it is: {@link Mode#QUIET} if asked, a bar on a terminal, lines otherwise. */
    static Mode mode(boolean quiet) {
        return quiet ? Mode.QUIET : isTerminal() ? Mode.BAR : Mode.LINES;
    }

    /**
     * Whether standard error (file descriptor 2) is a terminal: on Linux, whether it links to a terminal device
     * ({@code /dev/pts/N}, {@code /dev/ttyN}); elsewhere {@code System.console() != null} (which is about standard
     * input and output, the best the JDK offers). {@code TERM=dumb} is never a terminal.
     */
    static boolean isTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    @Override
    public void onStep(StepEvent e) {
        if (mode == Mode.QUIET) {
            return;
        }
        double loss = runningMeanLoss(e.loss());
        eta = e.eta();
        String status = String.format(
                Locale.ROOT,
                "epoch %d | %.0f tok/s | loss %.3f | ppl %.2f | lr %.2g",
                e.epoch() + 1,
                e.tokensPerSecond(),
                loss,
                Math.exp(loss),
                e.learningRate());
        if (mode == Mode.BAR) {
            synchronized (lock) {
                if (bar == null && !closed) {
                    bar = newBar(e.step() - 1);
                }
            }
            if (bar != null) {
                bar.setExtraMessage(status);
                bar.stepTo(e.step());
            }
        } else if (e.step() % every == 0) {
            line("step " + e.step() + (total > 0 ? "/" + total : "") + " | " + status + " | eta " + format(e.eta()));
        }
    }

    /** The mean loss of the last {@value #LOSS_WINDOW} updates (fewer at the start of a process). */
    private double runningMeanLoss(double loss) {
        int slot = (int) (lossCount % LOSS_WINDOW);
        if (lossCount >= LOSS_WINDOW) {
            lossSum -= losses[slot];
        }
        losses[slot] = loss;
        lossSum += loss;
        lossCount++;
        return lossSum / Math.min(lossCount, LOSS_WINDOW);
    }

    /**
     * A bar that starts at the first update of this process ({@code from}, the resumed step, counted as done at no
     * time), so its rate and ETA are this process's. The ETA is the trainer's (same basis).
     */
    private ProgressBar newBar(long from) {
        return new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(total > 0 ? total : -1)
                .startsFrom(from, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(" upd", 1)
                .showSpeed()
                .setEtaFunction(s -> Optional.ofNullable(eta))
                .setConsumer(new BarLine())
                .build();
    }

    @Override
    public void onValidation(ValidationEvent e) {
        if (mode == Mode.QUIET) {
            return;
        }
        line(String.format(
                Locale.ROOT,
                "validation at step %d: ppl %.3f, BLEU %.2f%s, lr %.2g",
                e.step(),
                e.metrics().getOrDefault("ppl", Double.NaN),
                e.metrics().getOrDefault("bleu", Double.NaN),
                e.best() ? " (best so far, model saved)" : "",
                e.learningRate()));
    }

    @Override
    public void onCheckpoint(CheckpointEvent e) {
        if (mode == Mode.QUIET) {
            return;
        }
        line("checkpoint at step " + e.step() + ": " + e.file());
    }

    /**
     * Ends the bar and prints why training stopped; a diverged or interrupted run is reported once, by the command,
     * not here.
     */
    @Override
    public void onStop(StopEvent e) {
        if (mode != Mode.QUIET && e.reason() != StopReason.NON_FINITE && e.reason() != StopReason.INTERRUPTED) {
            line("training stopped at step " + e.step() + ": " + e.detail());
        }
        close();
    }

    /** Prints a warning (also in {@link Mode#QUIET}): {@code tolk: warning: ...}, above the bar in BAR mode. */
    void warn(String warning) {
        print("tolk: warning: " + warning);
    }

    /** Prints a one-line message with a time stamp: above the bar in BAR mode. */
    void line(String message) {
        print(TIME.format(clock.instant().atZone(ZoneId.systemDefault())) + " " + message);
    }

    private void print(String stamped) {
        if (mode == Mode.BAR && !closedNow()) {
            synchronized (lock) {
                terminal.print(CLEAR_LINE);
                terminal.println(stamped);
                redraw();
            }
        } else {
            err.println(stamped);
            err.flush();
        }
    }

    private boolean closedNow() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Redraws the bar's last line (with the lock held). */
    private void redraw() {
        if (!closed && !barLine.isEmpty()) {
            terminal.print(barLine);
            terminal.flush();
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

    /** Ends the bar (its last state stays on screen) and gives standard error back. Idempotent. */
    @Override
    public void close() {
        ProgressBar b;
        synchronized (lock) {
            if (closed) {
                return;
            }
            b = bar;
        }
        if (b != null) {
            b.close(); // renders its final state through BarLine
        }
        synchronized (lock) {
            closed = true;
            if (mode == Mode.BAR) {
                if (!barLine.isEmpty()) {
                    terminal.println();
                }
                terminal.flush();
                System.setErr(replacedErr);
            }
        }
    }

    /** Draws the bar in place on the terminal. */
    private final class BarLine implements ProgressBarConsumer {
        @Override
        public int getMaxRenderedLength() {
            try {
                return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120")) - 1);
            } catch (NumberFormatException e) {
                return 119;
            }
        }

        @Override
        public void accept(String rendered) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                barLine = CLEAR_LINE + rendered;
                terminal.print(barLine);
                terminal.flush();
            }
        }

        @Override
        public void close() {
            // the terminal stays open; close() of TrainProgress ends the line
        }
    }

    /** Standard error while the bar is shown: each complete line goes above the bar, which is then redrawn. */
    private final class AboveTheBar extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            synchronized (lock) {
                pending.write(b);
                if (b == '\n') {
                    flushLine();
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (lock) {
                for (int i = off; i < off + len; i++) {
                    pending.write(b[i]);
                    if (b[i] == '\n') {
                        flushLine();
                    }
                }
            }
        }

        /** Called with the lock held. */
        private void flushLine() {
            terminal.print(CLEAR_LINE);
            terminal.write(pending.toByteArray(), 0, pending.size());
            pending.reset();
            redraw();
        }

        @Override
        public void flush() {
            // partial lines wait for their end, so the bar never shares a line with them
        }
    }
}
