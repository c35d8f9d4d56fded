package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress line's rate and time left, from given nano times (nothing is timed here). */
class ThroughputTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theRateIsOverAWindowThatRestartsAfterTwoSeconds() {
        Throughput t = new Throughput(10 * S);
        assertEquals(100.0, t.update(100, 11 * S));
        assertEquals(150.0, t.update(200, 12 * S), "2 s is still the same window");
        assertEquals(200.0, t.update(300, 13 * S), "3 s: the rate of the whole window, then it restarts");
        assertEquals(100.0, t.update(50, 13 * S + S / 2));
        assertEquals(120.0, t.update(10, 13 * S + S / 2));
        assertEquals(660, t.tokens());
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
}
