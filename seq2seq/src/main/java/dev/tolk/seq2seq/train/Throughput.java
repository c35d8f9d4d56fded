package dev.tolk.seq2seq.train;

import java.time.Duration;

/**
 * The speed of a training run as its progress line shows it: target tokens per second over a window that restarts
 * once it spans more than two seconds (so the rate follows changes in speed), and the time left at the mean time per
 * update of this process. Times are {@link System#nanoTime()} readings passed in, so the arithmetic is testable.
 */
final class Throughput {
    private static final double WINDOW_SECONDS = 2;

    private final long start;
    private long windowStart;
    private long windowTokens;
    private long updates;
    private long tokens;

    /** @param start the nano time the run's loop started */
    Throughput(long start) {
        this.start = start;
        this.windowStart = start;
    }

    /**
     * Counts one update.
     *
     * @param batchTokens the update's target tokens
     * @param now the nano time it finished
     * @return tokens per second over the current window (0 when no time has passed)
     */
    double update(int batchTokens, long now) {
        tokens += batchTokens;
        updates++;
        windowTokens += batchTokens;
        double windowSeconds = (now - windowStart) / 1e9;
        double tps = windowSeconds > 0 ? windowTokens / windowSeconds : 0;
        if (windowSeconds > WINDOW_SECONDS) {
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

    /** @return target tokens of the updates counted (this process only) */
    long tokens() {
        return tokens;
    }
}
