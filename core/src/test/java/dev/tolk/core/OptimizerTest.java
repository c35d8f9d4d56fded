package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Sgd and Adam against torch.optim (golden/optim.txt), state export/import, schedules. */
class OptimizerTest {
    private static final GoldenFile G = GoldenFile.load("optim");

    private static void followsTorch(String name, Function<List<Parameter>, Optimizer> make) {
        Parameter p = Parameter.of("p", G.get("p0").copy());
        Optimizer opt = make.apply(List.of(p));
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            p.grad().copyFrom(G.get("g" + i));
            opt.step();
            assertArrayEquals(G.get(name + i).toArray(), p.value().toArray(), 1e-6f, name + " step " + i);
        }
        assertEquals(3, opt.stepCount());
    }

    @Test
    void sgdWithMomentumAndWeightDecayMatchesTorch() {
        followsTorch("sgd", ps -> new Sgd(ps, 0.1f, 0.9f, 0.01f));
    }

    @Test
    void adamWithWeightDecayMatchesTorch() {
        followsTorch("adam", ps -> new Adam(ps, 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f));
    }

    @Test
    void exportedStateResumesExactly() {
        for (Function<List<Parameter>, Optimizer> make : List.<Function<List<Parameter>, Optimizer>>of(
                ps -> new Adam(ps, 0.01f), ps -> new Sgd(ps, 0.1f, 0.9f, 0f))) {
            Parameter a = Parameter.of("p", G.get("p0").copy());
            Optimizer full = make.apply(List.of(a));
            Parameter b = Parameter.of("p", G.get("p0").copy());
            Optimizer first = make.apply(List.of(b));
            for (int i = 0; i < 2; i++) {
                a.grad().copyFrom(G.get("g" + i));
                full.step();
                b.grad().copyFrom(G.get("g" + i));
                first.step();
            }
            OptimizerState state = first.exportState();
            Parameter c = Parameter.of("p", b.value().copy());
            Optimizer resumed = make.apply(List.of(c));
            resumed.importState(state);
            assertEquals(2, resumed.stepCount());
            a.grad().copyFrom(G.get("g2"));
            full.step();
            c.grad().copyFrom(G.get("g2"));
            resumed.step();
            assertArrayEquals(a.value().toArray(), c.value().toArray(), 0f);
        }
        Optimizer adam = new Adam(List.of(Parameter.of("q", Tensor.zeros(2))), 0.01f);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> adam.importState(
                        new Sgd(List.of(Parameter.of("q", Tensor.zeros(2))), 0.1f, 0.5f, 0f).exportState()));
        assertTrue(e.getMessage().contains("kind sgd"), e.getMessage());
    }

    @Test
    void decayOnPlateauWaitsForPatienceAndRoundTrips() {
        DecayOnPlateau s = new DecayOnPlateau(1f, 0.5f, 1, 0.2f, 0.0);
        assertFalse(s.observe(10));
        assertFalse(s.observe(9));
        assertFalse(s.observe(9.5)); // 1 bad: within patience
        assertTrue(s.observe(9.5)); // 2 bad: decay
        assertEquals(0.5f, s.rate());
        double[] state = s.exportState();
        assertFalse(s.observe(9.9));
        assertTrue(s.observe(9.9));
        assertEquals(0.25f, s.rate());
        assertFalse(s.observe(9.9));
        assertTrue(s.observe(9.9));
        assertEquals(0.2f, s.rate(), "clamped at minRate");
        DecayOnPlateau r = new DecayOnPlateau(1f, 0.5f, 1, 0.2f, 0.0);
        r.importState(state);
        assertEquals(0.5f, r.rate());
        assertEquals(1f, LearningRateSchedule.constant(1f).rate());
    }

    @Test
    void initializersAreSeededAndScaled() {
        Tensor a = Tensor.zeros(200, 100);
        Initializers.xavierUniform(a, 100, 200, new java.util.SplittableRandom(3));
        double bound = Math.sqrt(6.0 / 300);
        double sumSq = 0;
        for (float v : a.toArray()) {
            assertTrue(Math.abs(v) <= bound);
            sumSq += v * v;
        }
        assertEquals(bound * bound / 3, sumSq / a.size(), 0.05 * bound * bound / 3);
        Tensor wide = Tensor.zeros(3, 8);
        Initializers.orthogonal(wide, new java.util.SplittableRandom(4));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int k = 0; k < 8; k++) {
                    dot += wide.get(i, k) * wide.get(j, k);
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-6);
            }
        }
    }
}
