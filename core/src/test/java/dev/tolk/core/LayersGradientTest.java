package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Gradient checks and behaviour of Linear, Embedding, Dropout and SoftmaxCrossEntropy. */
@Tag("gradients")
class LayersGradientTest {

    @Test
    void linearGradients() {
        Linear lin = new Linear("lin", 4, 3, true, 5);
        Tensor x = GradientChecker.random(1, 6, 4);
        Tensor y = Tensor.zeros(6, 3);
        Tensor dx = Tensor.zeros(6, 4);
        Tensor w = GradientChecker.random(2, 6, 3);
        List<GradientChecker.Target> t = new ArrayList<>(GradientChecker.targets(lin.parameters()));
        t.add(new GradientChecker.Target("x", x, dx));
        GradientChecker.standard()
                .check(
                        () -> {
                            lin.forward(x, y);
                            return GradientChecker.projection(y, w);
                        },
                        () -> {
                            lin.forward(x, y);
                            lin.backward(x, w, dx);
                        },
                        t)
                .assertPassed();
    }

    @Test
    void linearComputesAffineMapAndNamesShapesInErrors() {
        Linear lin = new Linear("lin", 2, 2, true, 5);
        lin.weight().value().copyFrom(new float[] {1, 2, 3, 4});
        lin.bias().value().copyFrom(new float[] {0.5f, -1});
        Tensor y = Tensor.zeros(1, 2);
        lin.forward(Tensor.of(new float[] {1, 1}, 1, 2), y);
        assertArrayEquals(new float[] {3.5f, 6f}, y.toArray(), 0f);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> lin.forward(Tensor.zeros(4, 3), Tensor.zeros(4, 2)));
        assertEquals("Linear.forward: x is [4, 3] but inputSize is 2", e.getMessage());
    }

    @Test
    void embeddingGradientIsSparseAndChecked() {
        Embedding emb = new Embedding("emb", 7, 3, 0, 9);
        int[] ids = {3, 5, 3, 0};
        Tensor out = Tensor.zeros(4, 3);
        Tensor w = GradientChecker.random(2, 4, 3);
        GradientChecker.standard()
                .check(
                        () -> {
                            emb.forward(ids, out);
                            return GradientChecker.projection(out, w);
                        },
                        () -> {
                            emb.forward(ids, out);
                            emb.backward(ids, w);
                        },
                        List.of(new GradientChecker.Target(
                                "table[1:]",
                                emb.table().value().rows(1, 6),
                                emb.table().grad().rows(1, 6))))
                .assertPassed(); // the padding row is frozen by design
        Parameter table = emb.table();
        table.zeroGrad();
        emb.backward(ids, w);
        assertArrayEquals(new int[] {3, 5}, table.touchedRows());
        assertArrayEquals(new float[3], table.grad().row(0).toArray(), 0f, "padding row gets no gradient");
        assertArrayEquals(new float[3], table.grad().row(1).toArray(), 0f);
        assertEquals(w.get(0, 0) + w.get(2, 0), table.grad().get(3, 0), 1e-6f);
        table.zeroGrad();
        assertEquals(0, table.touchedRows().length);
        assertArrayEquals(new float[21], table.grad().toArray(), 0f);
        assertArrayEquals(new float[3], table.value().row(0).toArray(), 0f, "padding row is zero");
    }

    @Test
    void dropoutWithFixedMaskGradients() {
        Dropout drop = new Dropout(0.4);
        Tensor x = GradientChecker.random(1, 5, 4);
        Tensor y = Tensor.zeros(5, 4);
        Tensor dx = Tensor.zeros(5, 4);
        Tensor w = GradientChecker.random(2, 5, 4);
        drop.draw(7, x.size());
        GradientChecker.standard()
                .check(
                        () -> {
                            drop.apply(x, y, 0);
                            return GradientChecker.projection(y, w);
                        },
                        () -> drop.apply(w, dx, 0),
                        List.of(new GradientChecker.Target("x", x, dx)))
                .assertPassed();
    }

    @Test
    void dropoutIsSeededScaledAndIdentityWhenOff() {
        Tensor x = Tensor.zeros(10000).fill(1f);
        Tensor a = Tensor.zeros(10000);
        Tensor b = Tensor.zeros(10000);
        Dropout d = new Dropout(0.3);
        d.draw(42, x.size());
        d.apply(x, a, 0);
        Dropout e = new Dropout(0.3);
        e.draw(42, x.size());
        e.apply(x, b, 0);
        assertArrayEquals(a.toArray(), b.toArray(), 0f);
        int zeros = 0;
        for (float v : a.toArray()) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(1f / 0.7f, v, 1e-6f);
            }
        }
        assertEquals(3000, zeros, 150);
        e.draw(43, x.size());
        e.apply(x, b, 0);
        assertFalse(java.util.Arrays.equals(a.toArray(), b.toArray()), "another seed, another mask");
        // a slice of the mask from an offset: one time step of a [T·B, F] buffer
        Tensor step = Tensor.zeros(100);
        d.apply(x.rows(0, 100), step, 300);
        assertArrayEquals(java.util.Arrays.copyOfRange(a.toArray(), 300, 400), step.toArray(), 0f);
        Dropout fresh = new Dropout(0.3);
        assertThrows(IllegalStateException.class, () -> fresh.apply(x, a, 0));
        assertThrows(IllegalStateException.class, () -> d.apply(x, a, 1));
        Dropout off = new Dropout(0);
        off.apply(x, a, 0);
        assertArrayEquals(x.toArray(), a.toArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
    }

    @Test
    void softmaxCrossEntropyGradientsWithMaskAndSmoothing() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0, 0.1f);
        Tensor logits = GradientChecker.random(1, 5, 6);
        ElementWise.scale(3f, logits);
        int[] targets = {2, 0, 5, 1, 3};
        Tensor d = Tensor.zeros(5, 6);
        GradientChecker.standard()
                .check(
                        () -> ce.forward(logits, targets, null, 1f).sum(),
                        () -> ce.forward(logits, targets, d, 1f),
                        List.of(new GradientChecker.Target("logits", logits, d)))
                .assertPassed();
        assertArrayEquals(new float[6], d.row(1).toArray(), 0f, "ignored row has no gradient");
    }

    @Test
    void softmaxCrossEntropyValuesAreExactAndStable() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(-1, 0f);
        // uniform logits: loss = log V per token
        SoftmaxCrossEntropy.Loss l = ce.forward(Tensor.zeros(3, 4), new int[] {0, 1, 2}, null, 1f);
        assertEquals(3 * Math.log(4), l.sum(), 1e-6);
        assertEquals(3, l.tokens());
        // huge logits do not overflow: loss = log(1 + e^-1000·...) ≈ 0 for a dominant target
        Tensor big = Tensor.of(new float[] {1000f, 0f, -1000f}, 1, 3);
        assertEquals(0.0, ce.forward(big, new int[] {0}, null, 1f).sum(), 1e-9);
        assertEquals(1000.0, ce.forward(big, new int[] {1}, null, 1f).sum(), 1e-3);
        // label smoothing: loss = lse − (1−ε) z_y − ε/V Σ z
        SoftmaxCrossEntropy smooth = new SoftmaxCrossEntropy(9, 0.2f);
        Tensor z = Tensor.of(new float[] {1f, 2f, 3f, 0f, 1f, 0f}, 2, 3);
        SoftmaxCrossEntropy.Loss s = smooth.forward(z, new int[] {2, 9}, null, 1f);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 0.8 * 3 - 0.2 / 3 * 6, s.sum(), 1e-6);
        assertEquals(1, s.tokens());
        Tensor g = Tensor.zeros(2, 3);
        smooth.forward(z, new int[] {2, 9}, g, 0.5f);
        assertEquals(0.5 * (Math.exp(3 - lse) - (0.8 + 0.2 / 3)), g.get(0, 2), 1e-6);
    }

    @Test
    void gradientClipperScalesByGlobalNorm() {
        Parameter a = Parameter.of("a", Tensor.zeros(2));
        Parameter b = Parameter.of("b", Tensor.zeros(1));
        a.grad().copyFrom(new float[] {3f, 0f});
        b.grad().copyFrom(new float[] {4f});
        GradientClipper clip = new GradientClipper(1.0);
        assertEquals(5.0, clip.clip(List.of(a, b)), 1e-9);
        assertArrayEquals(new float[] {0.6f, 0f}, a.grad().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.8f}, b.grad().toArray(), 1e-6f);
        assertEquals(1.0, clip.clip(List.of(a, b)), 1e-6);
        assertArrayEquals(new float[] {0.8f}, b.grad().toArray(), 1e-6f, "below threshold: unchanged");
        a.grad().copyFrom(new float[] {Float.POSITIVE_INFINITY, 2f});
        assertEquals(Double.POSITIVE_INFINITY, clip.clip(List.of(a, b)));
        assertArrayEquals(
                new float[] {Float.POSITIVE_INFINITY, 2f}, a.grad().toArray(), "an infinite norm scales nothing");
    }
}
