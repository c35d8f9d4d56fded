package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Adam;
import dev.tolk.core.DecayOnPlateau;
import dev.tolk.core.GradientClipper;
import dev.tolk.core.Parameter;
import dev.tolk.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared update: Adam after clipping, exactly; nothing applied on NaN or infinity; the schedule on validation. */
class UpdaterTest {

    private static List<Parameter> parameters() {
        Tensor w = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3);
        for (int i = 0; i < w.size(); i++) {
            w.set(i, 0.1f * (i + 1));
        }
        return List.of(Parameter.of("w", w), Parameter.of("b", b));
    }

    /** A quadratic loss sum(p^2 * k) with gradient 2kp, accumulated into the gradients. */
    private static double quadratic(List<Parameter> ps, float k) {
        double loss = 0;
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i++) {
                float v = p.value().get(i);
                loss += k * v * v;
                p.grad().set(i, p.grad().get(i) + 2 * k * v + 0.5f);
            }
        }
        return loss;
    }

    @Test
    void anUpdateIsZeroForwardBackwardClipStepBitForBit() {
        List<Parameter> a = parameters();
        List<Parameter> b = parameters();
        Updater updater = Updater.constantRate(a, 0.01f, 0.5);
        Adam adam = new Adam(b, 0.01f);
        GradientClipper clipper = new GradientClipper(0.5);
        for (int s = 0; s < 5; s++) {
            Updater.Update u = updater.update(() -> quadratic(a, 3));
            adam.zeroGrad();
            double loss = quadratic(b, 3);
            double norm = clipper.clip(b);
            adam.step();
            assertTrue(u.applied());
            assertEquals(loss, u.loss());
            assertEquals(norm, u.gradNorm());
            assertTrue(norm > 0.5, "the norm is measured before clipping");
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).value().toArray(), a.get(i).value().toArray());
        }
        assertEquals(5, updater.exportOptimizer().step());
    }

    @Test
    void withoutClippingTheNormIsStillMeasured() {
        List<Parameter> a = parameters();
        Updater.Update u = Updater.constantRate(a, 0.01f, 0).update(() -> quadratic(a, 100));
        assertTrue(u.applied());
        assertTrue(u.gradNorm() > 1, "unclipped norm " + u.gradNorm());
    }

    @Test
    void aNonFiniteLossAppliesNothingAndNamesTheBuffers() {
        List<Parameter> a = parameters();
        float[] before = a.get(0).value().toArray();
        Updater updater = Updater.constantRate(a, 0.01f, 1);
        Updater.Update u = updater.update(() -> {
            quadratic(a, 1);
            a.get(0).grad().set(4, Float.POSITIVE_INFINITY);
            return Double.NaN;
        });
        assertFalse(u.applied());
        assertArrayEquals(before, a.get(0).value().toArray());
        assertEquals(0, updater.exportOptimizer().step());
        assertTrue(
                u.nonFinite().message().startsWith("non-finite values in loss: 1 NaN; grad_norm: "),
                u.nonFinite().message());
        assertTrue(u.nonFinite().message().contains("grad/w: 1 +Inf of 6 values (first at index 4)"));
    }

    @Test
    void validationsDriveTheScheduleAndTheStateRoundTrips() {
        List<Parameter> a = parameters();
        Updater updater = new Updater(a, 0.1f, 1, new DecayOnPlateau(0.1f, 0.5f, 0, 0.001f, 1e-4));
        assertFalse(updater.observe(10));
        assertTrue(updater.observe(11), "no improvement with patience 0: decay");
        assertEquals(0.05f, updater.learningRate());
        updater.update(() -> quadratic(a, 1));
        List<Parameter> b = parameters();
        Updater copy = new Updater(b, 0.1f, 1, new DecayOnPlateau(0.1f, 0.5f, 0, 0.001f, 1e-4));
        copy.restore(updater.exportOptimizer(), updater.exportSchedule());
        assertEquals(0.05f, copy.learningRate());
        assertArrayEquals(updater.exportSchedule(), copy.exportSchedule());
        assertEquals(1, copy.exportOptimizer().step());
    }
}
