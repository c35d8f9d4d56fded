package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LayerNorm}: values per group against a direct double-precision computation, and its gradients. */
class LayerNormTest {

    @Test
    void normalisesEachGroupOfEachRow() {
        LayerNorm ln = new LayerNorm("ln", 2, 3);
        ln.parameters().get(0).value().copyFrom(new float[] {1f, 2f, 0.5f, -1f, 3f});
        ln.parameters().get(1).value().copyFrom(new float[] {0f, 1f, 0f, 0.25f, -2f});
        Tensor a = Tensor.of(new float[] {1f, 3f, 2f, 4f, 9f, -1f, -1f, 0f, 0f, 6f}, 2, 5);
        Tensor y = Tensor.zeros(2, 5);
        Tensor hat = Tensor.zeros(2, 5);
        Tensor inv = Tensor.zeros(2, 2);
        ln.forward(a, y, hat, inv);
        float[] g = {1f, 2f, 0.5f, -1f, 3f};
        float[] b = {0f, 1f, 0f, 0.25f, -2f};
        int[][] groups = {{0, 2}, {2, 5}};
        for (int r = 0; r < 2; r++) {
            for (int[] grp : groups) {
                double mean = 0;
                for (int i = grp[0]; i < grp[1]; i++) {
                    mean += a.get(r, i);
                }
                mean /= grp[1] - grp[0];
                double var = 0;
                for (int i = grp[0]; i < grp[1]; i++) {
                    var += (a.get(r, i) - mean) * (a.get(r, i) - mean);
                }
                double sd = Math.sqrt(var / (grp[1] - grp[0]) + 1e-5);
                for (int i = grp[0]; i < grp[1]; i++) {
                    assertEquals(g[i] * (a.get(r, i) - mean) / sd + b[i], y.get(r, i), 1e-5, "row " + r + " col " + i);
                }
            }
        }
        // in place: y may be a
        ln.forward(a, a, hat, inv);
        assertArrayEquals(y.toArray(), a.toArray(), 0f);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        LayerNorm ln = new LayerNorm("ln", 4, 3);
        ln.parameters().get(0).value().copyFrom(GradientChecker.random(8, 7).toArray());
        ln.parameters().get(1).value().copyFrom(GradientChecker.random(9, 7).toArray());
        Tensor a = GradientChecker.random(1, 3, 7);
        ElementWise.scale(2f, a);
        Tensor y = Tensor.zeros(3, 7);
        Tensor hat = Tensor.zeros(3, 7);
        Tensor inv = Tensor.zeros(3, 2);
        Tensor w = GradientChecker.random(2, 3, 7);
        Tensor da = Tensor.zeros(3, 7);
        List<GradientChecker.Target> targets = new ArrayList<>(GradientChecker.targets(ln.parameters()));
        targets.add(new GradientChecker.Target("a", a, da));
        GradientChecker.standard()
                .check(
                        () -> {
                            ln.forward(a, y, hat, inv);
                            return GradientChecker.projection(y, w);
                        },
                        () -> {
                            ln.forward(a, y, hat, inv);
                            Tensor dy = w.copy();
                            ln.backward(dy, hat, inv, dy); // in place: da may be dy
                            da.copyFrom(dy);
                        },
                        targets)
                .assertPassed();
    }

    @Test
    void shapeErrorsNameTheShapes() {
        LayerNorm ln = new LayerNorm("ln", 2, 3);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ln.forward(Tensor.zeros(2, 4), Tensor.zeros(2, 4), Tensor.zeros(2, 4), Tensor.zeros(2, 2)));
        assertEquals(
                "LayerNorm.forward: input [2, 4], output [2, 4], normalised [2, 4] and 1/σ [2, 2] but the width is 5"
                        + " in 2 groups",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm("ln", 2, 0));
    }
}
