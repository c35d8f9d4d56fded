package dev.tolk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The medians every benchmark reports, and the warm-up measured in time. */
class TimingsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Timings.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Timings.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void warmUpRunsAtLeastOnce() {
        AtomicInteger runs = new AtomicInteger();
        assertEquals(1, Timings.warmUp(runs::incrementAndGet, 0));
        assertEquals(1, runs.get());
    }

    @Test
    void warmUpRunsUntilItsTimeHasPassed() {
        AtomicInteger runs = new AtomicInteger();
        long t0 = System.nanoTime();
        int reported = Timings.warmUp(
                () -> {
                    runs.incrementAndGet();
                    sleepMillis(5);
                },
                0.05);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        assertEquals(runs.get(), reported);
        assertTrue(elapsed >= 0.05, "stopped after " + elapsed + " s");
        assertTrue(reported >= 2, "a 5 ms run fits more than once in 50 ms: " + reported);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
