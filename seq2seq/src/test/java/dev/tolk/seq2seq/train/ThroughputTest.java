package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress line's rate and time left, from given nano times (nothing is timed here). */
class ThroughputTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theRateCoversTheLastCompletedWindowOfFiveSecondsAndTheCurrentOne() {
        Throughput t = new Throughput(10 * S);
        assertEquals(100.0, t.update(100, 11 * S));
        assertEquals(150.0, t.update(200, 12 * S), "the first window, 2 s");
        assertEquals(150.0, t.update(300, 14 * S), "4 s: 600 tokens");
        assertEquals(900.0 / 5, t.update(300, 15 * S), "5 s: the first window completes (900 tokens) ...");
        assertEquals((900.0 + 50) / 5.5, t.update(50, 15 * S + S / 2), "... and stays in the rate with the next");
        assertEquals((900.0 + 50 + 950) / 10, t.update(950, 20 * S), "the second window completes at 10 s");
        assertEquals((1000.0 + 100) / 6, t.update(100, 21 * S), "the first window has dropped out");
        assertEquals(2000, t.tokens());
    }

    @Test
    void noTimePassedIsARateOfZero() {
        Throughput t = new Throughput(5);
        assertEquals(0.0, t.update(10, 5));
        assertEquals(10, t.tokens());
    }

    @Test
    void timeLeftIsTheMeanTimePerUpdateOfThisProcess() {
        Throughput t = new Throughput(0);
        for (int i = 1; i <= 4; i++) {
            t.update(1, i * S);
        }
        assertEquals(Duration.ofSeconds(10), t.eta(10, 4 * S));
        assertEquals(Duration.ofMillis(2500), t.eta(2, 5 * S), "5 s for 4 updates");
        assertEquals(Duration.ZERO, t.eta(-3, 4 * S));
    }

    @Test
    void aTimeBudgetCapsTheTimeLeft() {
        Duration hours = Duration.ofHours(19);
        assertEquals(hours, Throughput.withinBudget(hours, null, Duration.ofMinutes(1)), "no budget");
        assertEquals(
                Duration.ofSeconds(195),
                Throughput.withinBudget(hours, Duration.ofSeconds(255), Duration.ofSeconds(60)),
                "the quickstart's 255 s budget after 60 s");
        assertEquals(
                Duration.ofSeconds(30),
                Throughput.withinBudget(Duration.ofSeconds(30), Duration.ofSeconds(255), Duration.ofSeconds(60)),
                "the planned updates end first");
        assertEquals(Duration.ZERO, Throughput.withinBudget(hours, Duration.ofSeconds(255), Duration.ofSeconds(300)));
    }
}
