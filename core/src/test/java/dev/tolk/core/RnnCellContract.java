package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RnnCell} satisfies. A cell's test extends this class and supplies the factory and the
 * name of its PyTorch golden file; it inherits gradient checks (one step, and an unrolled masked sequence through
 * the projected path), masking semantics, the cache lifecycle, shape errors, row selection, seeding and the
 * golden-value comparison.
 */
@Tag("gradients")
public abstract class RnnCellContract {
    protected static final int IN = 4;
    protected static final int H = 5;
    protected static final int B = 3;

    /** A new cell. */
    protected abstract RnnCell create(String name, int inputSize, int hiddenSize, long seed);

    /** Golden file name under {@code golden/} ({@code rnn}, {@code lstm}, {@code gru}). */
    protected abstract String goldenName();

    /**
     * The finite-difference checker of the gradient tests: {@link GradientChecker#standard()}; a cell with strong
     * curvature (layer normalisation over a few features) takes a smaller step.
     */
    protected GradientChecker checker() {
        return GradientChecker.standard();
    }

    /** A random state {@code [parts, b, H]} of moderate magnitude. */
    protected static Tensor randomState(RnnCell cell, int b, long seed) {
        Tensor s = GradientChecker.random(seed, cell.stateParts(), b, cell.hiddenSize());
        ElementWise.scale(0.8f, s);
        return s;
    }

    @Test
    void singleStepGradientsMatchCentralDifferences() {
        RnnCell cell = create("c", IN, H, 11);
        Tensor x = GradientChecker.random(1, B, IN);
        Tensor sIn = randomState(cell, B, 2);
        Tensor sOut = cell.newState(B);
        Tensor w = GradientChecker.random(3, cell.stateParts(), B, H);
        Tensor dx = Tensor.zeros(B, IN);
        Tensor dsIn = cell.newState(B);
        StepCache cache = cell.newStepCache(B);
        List<GradientChecker.Target> targets = new ArrayList<>(GradientChecker.targets(cell.parameters()));
        targets.add(new GradientChecker.Target("x", x, dx));
        targets.add(new GradientChecker.Target("stateIn", sIn, dsIn));
        checker()
                .check(
                        () -> {
                            cell.forward(x, sIn, sOut, null, null);
                            return GradientChecker.projection(sOut, w);
                        },
                        () -> {
                            cell.forward(x, sIn, sOut, null, cache);
                            cell.backward(cache, w, dsIn, dx);
                        },
                        targets)
                .assertPassed();
    }

    /** An unrolled sequence through the projected path: T steps, masks, loss on every output and the final state. */
    protected static final class Unrolled {
        final RnnCell cell;
        final int t;
        final Tensor xs;
        final Tensor xProj;
        final Tensor states;
        final Tensor[] masks;
        final Tensor[] ws;
        final Tensor wFinal;
        final StepCache[] caches;
        final Tensor dXProj;
        final Tensor dxs;
        final Tensor dState0;
        final Tensor dA;
        final Tensor dB;

        Unrolled(RnnCell cell, int t, int[] lengths) {
            this.cell = cell;
            this.t = t;
            int p = cell.stateParts();
            xs = GradientChecker.random(21, t, B, IN);
            xProj = Tensor.zeros(t * B, cell.projectionSize());
            states = Tensor.zeros(t + 1, p, B, H);
            states.row(0).copyFrom(randomState(cell, B, 22));
            masks = new Tensor[t];
            ws = new Tensor[t];
            caches = new StepCache[t];
            for (int s = 0; s < t; s++) {
                masks[s] = Tensor.zeros(B);
                for (int b = 0; b < B; b++) {
                    masks[s].set(b, s < lengths[b] ? 1f : 0f);
                }
                ws[s] = GradientChecker.random(30 + s, B, H);
                caches[s] = cell.newStepCache(B);
            }
            wFinal = GradientChecker.random(29, p, B, H);
            dXProj = Tensor.zeros(t * B, cell.projectionSize());
            dxs = Tensor.zeros(t, B, IN);
            dState0 = Tensor.zeros(p, B, H);
            dA = Tensor.zeros(p, B, H);
            dB = Tensor.zeros(p, B, H);
        }

        double forward(boolean training) {
            cell.projectInput(xs.reshape(t * B, IN), xProj);
            double loss = 0;
            for (int s = 0; s < t; s++) {
                cell.forwardProjected(
                        xProj.rows(s * B, B), states.row(s), states.row(s + 1), masks[s], training ? caches[s] : null);
                loss += GradientChecker.projection(states.row(s + 1).row(0), ws[s]);
            }
            return loss + GradientChecker.projection(states.row(t), wFinal);
        }

        void backward() {
            Tensor d = dA;
            Tensor next = dB;
            d.copyFrom(wFinal);
            for (int s = t - 1; s >= 0; s--) {
                ElementWise.axpy(1f, ws[s], d.row(0));
                cell.backwardProjected(caches[s], d, next, dXProj.rows(s * B, B));
                Tensor tmp = d;
                d = next;
                next = tmp;
            }
            dState0.copyFrom(d);
            cell.backwardInput(xs.reshape(t * B, IN), dXProj, dxs.reshape(t * B, IN), false);
        }
    }

    @Test
    void unrolledMaskedSequenceGradientsMatchCentralDifferences() {
        RnnCell cell = create("c", IN, H, 12);
        Unrolled u = new Unrolled(cell, 4, new int[] {4, 2, 0});
        List<GradientChecker.Target> targets = new ArrayList<>(GradientChecker.targets(cell.parameters()));
        targets.add(new GradientChecker.Target("xs", u.xs, u.dxs));
        targets.add(new GradientChecker.Target("state0", u.states.row(0), u.dState0));
        checker()
                .check(
                        () -> u.forward(false),
                        () -> {
                            u.forward(true);
                            u.backward();
                        },
                        targets)
                .assertPassed();
    }

    @Test
    void maskedRowCarriesStateAndPassesGradientThrough() {
        RnnCell cell = create("c", IN, H, 13);
        Tensor x = GradientChecker.random(1, B, IN);
        Tensor sIn = randomState(cell, B, 2);
        Tensor sOut = cell.newState(B);
        Tensor mask = Tensor.of(new float[] {1f, 0f, 1f}, B);
        StepCache cache = cell.newStepCache(B);
        cell.forward(x, sIn, sOut, mask, cache);
        for (int p = 0; p < cell.stateParts(); p++) {
            assertArrayEquals(sIn.row(p).row(1).toArray(), sOut.row(p).row(1).toArray(), 0f);
            assertFalse(Arrays.equals(
                    sIn.row(p).row(0).toArray(), sOut.row(p).row(0).toArray()));
        }
        Tensor dOut = GradientChecker.random(5, cell.stateParts(), B, H);
        Tensor dIn = cell.newState(B);
        Tensor dx = GradientChecker.random(6, B, IN); // garbage that backward must overwrite
        cell.backward(cache, dOut, dIn, dx);
        for (int p = 0; p < cell.stateParts(); p++) {
            assertArrayEquals(dOut.row(p).row(1).toArray(), dIn.row(p).row(1).toArray(), 0f);
        }
        assertArrayEquals(new float[IN], dx.row(1).toArray(), 0f);
        assertTrue(Math.abs(dx.get(0, 0)) > 0f);
    }

    @Test
    void fullyMaskedStepLeavesParameterGradientsZero() {
        RnnCell cell = create("c", IN, H, 14);
        Tensor x = GradientChecker.random(1, B, IN);
        Tensor sIn = randomState(cell, B, 2);
        Tensor sOut = cell.newState(B);
        StepCache cache = cell.newStepCache(B);
        cell.forward(x, sIn, sOut, Tensor.zeros(B), cache);
        cell.backward(cache, GradientChecker.random(5, cell.stateParts(), B, H), cell.newState(B), Tensor.zeros(B, IN));
        for (Parameter p : cell.parameters()) {
            assertArrayEquals(new float[p.size()], p.grad().toArray(), 0f, p.name());
        }
    }

    @Test
    void forwardOnlyPathMatchesCachedPath() {
        RnnCell cell = create("c", IN, H, 15);
        Tensor x = GradientChecker.random(1, B, IN);
        Tensor sIn = randomState(cell, B, 2);
        Tensor a = cell.newState(B);
        Tensor b = cell.newState(B);
        cell.forward(x, sIn, a, null, cell.newStepCache(1)); // cache grows on demand
        cell.forward(x, sIn, b, null, null);
        assertArrayEquals(a.toArray(), b.toArray(), 0f);
    }

    /**
     * A batch large enough for the gate loops to split their rows over the compute threads gives the same bits on
     * one and on two threads: outputs (forward-only and cached), input and state gradients, parameter gradients.
     */
    @Test
    void rowsSplitOverThreadsGiveTheSameBits() {
        int b = 130;
        int h = 128; // b·h above the cells' parallel threshold (2^14)
        float[][] one = stepOnThreads(1, b, h);
        float[][] two = stepOnThreads(2, b, h);
        assertEquals(one.length, two.length);
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], 0f, "result " + i);
            for (int j = 0; j < one[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(one[i][j]), Float.floatToRawIntBits(two[i][j]), "result " + i);
            }
        }
    }

    private float[][] stepOnThreads(int threads, int b, int h) {
        Gemm gemm = Gemm.get();
        int before = gemm.threads();
        try {
            gemm.setThreads(threads);
            RnnCell cell = create("c", IN, h, 21);
            Tensor x = GradientChecker.random(22, b, IN);
            Tensor sIn = randomState(cell, b, 23);
            Tensor inference = cell.newState(b);
            cell.forward(x, sIn, inference, null, null);
            Tensor sOut = cell.newState(b);
            StepCache cache = cell.newStepCache(b);
            cell.forward(x, sIn, sOut, null, cache);
            Tensor dSIn = cell.newState(b);
            Tensor dX = Tensor.zeros(b, IN);
            cell.backward(cache, GradientChecker.random(24, cell.stateParts(), b, h), dSIn, dX);
            List<float[]> r =
                    new ArrayList<>(List.of(inference.toArray(), sOut.toArray(), dSIn.toArray(), dX.toArray()));
            for (Parameter p : cell.parameters()) {
                r.add(p.grad().toArray());
            }
            return r.toArray(new float[0][]);
        } finally {
            gemm.setThreads(before);
        }
    }

    @Test
    void cacheLifecycleIsEnforced() {
        RnnCell cell = create("c", IN, H, 16);
        StepCache cache = cell.newStepCache(B);
        Tensor d = cell.newState(B);
        Tensor dIn = cell.newState(B);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cell.backward(cache, d, dIn, null));
        assertTrue(e.getMessage().contains("backward before forward"), e.getMessage());
        Tensor x = GradientChecker.random(1, B, IN);
        cell.forward(x, cell.newState(B), cell.newState(B), null, cache);
        assertTrue(cache.isFilled());
        cell.backward(cache, d, dIn, null);
        assertThrows(IllegalStateException.class, () -> cell.backward(cache, d, dIn, null));
        RnnCell other = create("o", IN, H, 17);
        assertThrows(
                IllegalArgumentException.class,
                () -> other.forward(x, cell.newState(B), cell.newState(B), null, cache));
    }

    @Test
    void shapeErrorsNameMethodAndShapes() {
        RnnCell cell = create("c", IN, H, 18);
        Tensor x = Tensor.zeros(B, IN + 3);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> cell.forward(x, cell.newState(B), cell.newState(B), null, null));
        String name = cell.getClass().getSimpleName();
        assertTrue(e.getMessage().startsWith(name + ".forward: x is [3, 7]"), e.getMessage());
        assertTrue(e.getMessage().contains("inputSize is 4"), e.getMessage());
        IllegalArgumentException s = assertThrows(
                IllegalArgumentException.class,
                () -> cell.forwardProjected(
                        Tensor.zeros(B, cell.projectionSize()),
                        Tensor.zeros(cell.stateParts(), B, H + 1),
                        cell.newState(B),
                        null,
                        null));
        assertTrue(s.getMessage().startsWith(name + ".forwardProjected: stateIn is"), s.getMessage());
    }

    @Test
    void selectRowsGathersBatchRowsOfEveryPart() {
        RnnCell cell = create("c", IN, H, 19);
        Tensor s = randomState(cell, B, 3);
        Tensor out = cell.newState(4);
        cell.selectRows(s, new int[] {2, 2, 0, 1}, out);
        for (int p = 0; p < cell.stateParts(); p++) {
            assertArrayEquals(s.row(p).row(2).toArray(), out.row(p).row(0).toArray(), 0f);
            assertArrayEquals(s.row(p).row(2).toArray(), out.row(p).row(1).toArray(), 0f);
            assertArrayEquals(s.row(p).row(0).toArray(), out.row(p).row(2).toArray(), 0f);
            assertArrayEquals(s.row(p).row(1).toArray(), out.row(p).row(3).toArray(), 0f);
        }
    }

    @Test
    void initialisationIsDeterministicPerSeed() {
        RnnCell a = create("c", IN, H, 99);
        RnnCell b = create("c", IN, H, 99);
        RnnCell c = create("c", IN, H, 100);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(
                    a.parameters().get(i).value().toArray(),
                    b.parameters().get(i).value().toArray(),
                    0f);
        }
        assertFalse(Arrays.equals(
                a.parameters().get(0).value().toArray(),
                c.parameters().get(0).value().toArray()));
        // recurrent blocks are orthogonal: W_hᵀ W_h = I per gate block
        Tensor wh = a.parameters().get(1).value();
        for (int g = 0; g < a.gateCount(); g++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < H; j++) {
                    double dot = 0;
                    for (int k = 0; k < H; k++) {
                        dot += wh.get(g * H + k, i) * wh.get(g * H + k, j);
                    }
                    assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5);
                }
            }
        }
    }

    /** Tolerance of the PyTorch comparison (absolute, on values of order 1). */
    protected static final float GOLDEN_TOLERANCE = 1e-5f;

    @Test
    void forwardMatchesPyTorchGoldenValues() {
        GoldenFile g = GoldenFile.load(goldenName());
        Tensor x = g.get("x");
        int t = x.dim(0);
        int b = x.dim(1);
        int in = x.dim(2);
        Tensor state0 = g.get("state0");
        int h = state0.dim(2);
        RnnCell cell = create("g", in, h, 1);
        for (Parameter p : cell.parameters()) {
            String key = p.name().substring(p.name().indexOf('.') + 1); // the name without the cell's "g."
            p.value().copyFrom(g.get(key));
        }
        Tensor out = g.get("out");
        Tensor s = state0.copy();
        Tensor next = cell.newState(b);
        for (int step = 0; step < t; step++) {
            cell.forward(x.row(step), s, next, null, step % 2 == 0 ? cell.newStepCache(b) : null);
            assertArrayEquals(out.row(step).toArray(), next.row(0).toArray(), GOLDEN_TOLERANCE, "step " + step);
            Tensor tmp = s;
            s = next;
            next = tmp;
        }
        assertArrayEquals(g.get("final").toArray(), s.toArray(), GOLDEN_TOLERANCE);
    }
}
