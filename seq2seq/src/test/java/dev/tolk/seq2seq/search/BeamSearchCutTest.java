package dev.tolk.seq2seq.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float bar of the beam's scan decides exactly as the double test it replaces. */
class BeamSearchCutTest {

    @Test
    void aLogProbabilityIsBelowTheCutExactlyWhenItsScoreIsBelowTheBar() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20_000; trial++) {
            double s0 = -r.nextDouble() * 40;
            double bar = s0 - r.nextDouble() * 12;
            float cut = BeamSearch.cut(s0, bar);
            // the neighbourhood of the cut, where rounding decides, and random values elsewhere
            float[] probes = {
                cut,
                Math.nextUp(cut),
                Math.nextDown(cut),
                Math.nextUp(Math.nextUp(cut)),
                (float) (bar - s0),
                -r.nextFloat() * 20
            };
            for (float lp : probes) {
                assertEquals(s0 + lp <= bar, lp <= cut, "s0 " + s0 + ", bar " + bar + ", lp " + lp);
            }
        }
    }

    @Test
    void infiniteBarsKeepTheirMeaning() {
        assertEquals(Float.NEGATIVE_INFINITY, BeamSearch.cut(-3.0, Double.NEGATIVE_INFINITY));
    }
}
