package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfidenceIntervalTest {
    @Test
    void formatsMeanHalfWidthAndBoundsWithTwoDecimals() {
        ConfidenceInterval ci = new ConfidenceInterval(48.123, 47.09, 49.17);
        assertEquals(1.04, ci.halfWidth(), 1e-12);
        assertEquals("μ = 48.12 ± 1.04, 95% CI [47.09, 49.17]", ci.format());
        assertEquals("μ = 0.00 ± 0.00, 95% CI [0.00, 0.00]", new ConfidenceInterval(0, 0, 0).format());
    }

    @Test
    void sacrebleuIndicesOfTheSortedScores() {
        double[] scores = new double[80];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 79 - i;
        }
        ConfidenceInterval ci = ConfidenceInterval.of(scores);
        assertEquals(2, ci.lower(), 0.0); // index 80 / 40
        assertEquals(77, ci.upper(), 0.0); // index 80 - 2 - 1
        assertEquals(39.5, ci.mean(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new ConfidenceInterval(0, 2, 1));
    }
}
