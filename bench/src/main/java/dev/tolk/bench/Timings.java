package dev.tolk.bench;

import java.util.Arrays;

/** Medians of repeated timings, the figure every benchmark reports. */
public final class Timings {
    private Timings() {}

    /** @return the median of {@code values} (the mean of the two middle ones for an even count) */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }

    /**
     * Runs {@code work} {@code warmup} times untimed, then {@code reps} times timed.
     *
     * @return the seconds of each timed run
     */
    public static double[] seconds(Runnable work, int warmup, int reps) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return t;
    }

    /**
     * Runs {@code work} untimed at least once and until {@code seconds} have passed: a warm-up measured in time, as
     * JMH's, so that the JIT has compiled the work's loops before it is timed however long one run takes.
     *
     * @return how many runs the warm-up took
     */
    public static int warmUp(Runnable work, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int runs = 0;
        do {
            work.run();
            runs++;
        } while (System.nanoTime() < end);
        return runs;
    }

    /** @return the median seconds of {@code reps} timed runs after {@code warmup} untimed ones */
    public static double medianSeconds(Runnable work, int warmup, int reps) {
        return median(seconds(work, warmup, reps));
    }

    /** @return {@code v} rounded to {@code decimals}, or null when it is not finite (JSON has no NaN) */
    public static Double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return null;
        }
        double s = Math.pow(10, decimals);
        return Math.round(v * s) / s;
    }
}
