package dev.tolk.serve;

/**
 * Events per second over the last few seconds, from per-second buckets. Thread-safe.
 */
final class RecentRate {
    private final long[] counts;
    private final long[] seconds;
    private long firstSecond = Long.MIN_VALUE;

    /** @param windowSeconds how many seconds the rate covers, &ge; 1 */
    RecentRate(int windowSeconds) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("windowSeconds must be >= 1, got " + windowSeconds);
        }
        counts = new long[windowSeconds];
        seconds = new long[windowSeconds];
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    /** Counts {@code n} events at {@code nanoTime} (from {@link System#nanoTime()}). */
    synchronized void add(long n, long nanoTime) {
        long s = Math.floorDiv(nanoTime, 1_000_000_000L);
        if (firstSecond == Long.MIN_VALUE) {
            firstSecond = s;
        }
        int i = (int) Math.floorMod(s, (long) counts.length);
        if (seconds[i] != s) {
            seconds[i] = s;
            counts[i] = 0;
        }
        counts[i] += n;
    }

    /**
     * @param nanoTime now, from {@link System#nanoTime()}
     * @return the events of the window ending at {@code nanoTime} divided by its length (shorter while the first
     *     window fills); 0 before any event
     */
    synchronized double perSecond(long nanoTime) {
        if (firstSecond == Long.MIN_VALUE) {
            return 0;
        }
        long now = Math.floorDiv(nanoTime, 1_000_000_000L);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (seconds[i] > now - counts.length && seconds[i] <= now) {
                sum += counts[i];
            }
        }
        long span = Math.min(counts.length, Math.max(1, now - firstSecond + 1));
        return (double) sum / span;
    }
}
