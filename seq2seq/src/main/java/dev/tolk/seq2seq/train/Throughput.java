package dev.tolk.seq2seq.train;

import java.time.Duration;

/**
 * The speed of a training run as its progress line shows it: target tokens per second over the last completed
 * window of at least {@value #WINDOW_SECONDS} seconds plus the current one (so the rate covers 5 to 10 seconds once
 * the first window is complete: smooth enough to read, recent enough to follow changes in speed; a 2-second window
 * held two or three updates of a small model and jumped between 1,500 and 5,200 tokens/s), and the time left at the
 * mean time per update of this process, never beyond what is left of a time budget. Times are
 * {@link System#nanoTime()} readings passed in, so the arithmetic is testable.
 */
final class Throughput {
    private static final double WINDOW_SECONDS = 5;

    private final long start;
    private long windowStart;
    private long windowTokens;
    private long previousStart;
    private long previousTokens;
    private long updates;
    private long tokens;

    /** @param start the nano time the run's loop started */
    Throughput(long start) {
        this.start = start;
        this.windowStart = start;
        this.previousStart = start;
    }

    /**
     * Counts one update.
     *
     * @param batchTokens the update's target tokens
     * @param now the nano time it finished
     * @return tokens per second over the previous window and the current one (0 when no time has passed)
     */
    double update(int batchTokens, long now) {
        tokens += batchTokens;
        updates++;
        windowTokens += batchTokens;
        double seconds = (now - previousStart) / 1e9;
        double tps = seconds > 0 ? (previousTokens + windowTokens) / seconds : 0;
        if ((now - windowStart) / 1e9 >= WINDOW_SECONDS) {
            previousStart = windowStart;
            previousTokens = windowTokens;
            windowStart = now;
            windowTokens = 0;
        }
        return tps;
    }

    /**
     * @param updatesLeft updates still to do (none when negative)
     * @param now the current nano time
     * @return the time they take at this process's mean time per update so far
     */
    Duration eta(long updatesLeft, long now) {
        double perStep = (now - start) / 1e9 / updates;
        return Duration.ofMillis((long) (Math.max(0, updatesLeft) * perStep * 1000));
    }

    /**
     * @param eta the time the remaining updates take
     * @param budget the run's time budget, or null for none
     * @param spent the time the run has taken so far
     * @return {@code eta}, or what is left of the budget when that is sooner (a run with a time budget and many
     *     planned updates, such as the quickstart, stops at its budget: its ETA is not hours)
     */
    static Duration withinBudget(Duration eta, Duration budget, Duration spent) {
        if (budget == null) {
            return eta;
        }
        Duration left = budget.minus(spent);
        left = left.isNegative() ? Duration.ZERO : left;
        return left.compareTo(eta) < 0 ? left : eta;
    }

    /** @return target tokens of the updates counted (this process only) */
    long tokens() {
        return tokens;
    }
}
