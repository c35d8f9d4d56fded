package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The checker separates right gradients from deliberately wrong ones. */
@Tag("gradients")
class GradientCheckerTest {

    private static List<GradientChecker.Target> gruTargets(RnnCell cell, RnnCellContract.Unrolled u) {
        List<GradientChecker.Target> targets = new ArrayList<>(GradientChecker.targets(cell.parameters()));
        targets.add(new GradientChecker.Target("xs", u.xs, u.dxs));
        return targets;
    }

    @Test
    void acceptsTheCorrectGradient() {
        GruCell cell = new GruCell("g", 4, 5, 3);
        RnnCellContract.Unrolled u = new RnnCellContract.Unrolled(cell, 3, new int[] {3, 3, 3});
        GradientChecker.Report r = GradientChecker.standard()
                .check(
                        () -> u.forward(false),
                        () -> {
                            u.forward(true);
                            u.backward();
                        },
                        gruTargets(cell, u));
        assertTrue(r.passed(), r.failures().toString());
        assertTrue(r.checked() > 150, "checked " + r.checked());
    }

    @Test
    void flagsOneGradientElementScaledBy1point1() {
        GruCell cell = new GruCell("g", 4, 5, 3);
        RnnCellContract.Unrolled u = new RnnCellContract.Unrolled(cell, 3, new int[] {3, 3, 3});
        Tensor whGrad = cell.parameters().get(1).grad();
        GradientChecker.Report r = GradientChecker.standard()
                .check(
                        () -> u.forward(false),
                        () -> {
                            u.forward(true);
                            u.backward();
                            int worst = 0;
                            for (int i = 0; i < whGrad.size(); i++) {
                                if (Math.abs(whGrad.get(i)) > Math.abs(whGrad.get(worst))) {
                                    worst = i;
                                }
                            }
                            whGrad.set(worst, whGrad.get(worst) * 1.1f);
                        },
                        gruTargets(cell, u));
        assertFalse(r.passed());
        assertTrue(
                r.failures().size() == 1 && r.failures().get(0).tensor().equals("g.wh"),
                r.failures().toString());
    }

    @Test
    void flagsABackwardThatDropsTheRecurrentTerm() {
        GruCell cell = new GruCell("g", 4, 5, 3);
        RnnCellContract.Unrolled u = new RnnCellContract.Unrolled(cell, 3, new int[] {3, 3, 3});
        GradientChecker.Report r = GradientChecker.standard()
                .check(
                        () -> u.forward(false),
                        () -> {
                            u.forward(true);
                            // backward that forgets to carry the state gradient to earlier steps (truncation to one
                            // step)
                            for (int s = u.t - 1; s >= 0; s--) {
                                Tensor d = u.dA;
                                d.zero();
                                if (s == u.t - 1) {
                                    d.copyFrom(u.wFinal);
                                }
                                ElementWise.axpy(1f, u.ws[s], d.row(0));
                                cell.backwardProjected(u.caches[s], d, u.dB, u.dXProj.rows(s * 3, 3));
                            }
                            cell.backwardInput(u.xs.reshape(u.t * 3, 4), u.dXProj, u.dxs.reshape(u.t * 3, 4), false);
                        },
                        gruTargets(cell, u));
        assertFalse(r.passed());
        assertTrue(r.failures().size() > 10, r.failures().size() + " failures");
    }
}
