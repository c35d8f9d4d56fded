package dev.tolk.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layer normalisation of a cell's two projections (Ba et al. 2016, §3.1): {@code LN_x(W_x x + b_x)} and
 * {@code LN_h(W_h h)}, each a {@link LayerNorm} over the cell's gate groups (parameters {@code name.ln_x.*},
 * {@code name.ln_h.*}); a transition cell without input has {@code LN_h} alone. The normalised values and
 * {@code 1/σ} of a step live in its {@link StepCache}.
 */
final class ProjectionNorm implements Trainable {
    private final LayerNorm x;
    private final LayerNorm h;
    private final List<Parameter> params;

    ProjectionNorm(String name, boolean hasInput, int[] groups) {
        this.x = hasInput ? new LayerNorm(name + ".ln_x", groups) : null;
        this.h = new LayerNorm(name + ".ln_h", groups);
        List<Parameter> p = new ArrayList<>();
        if (x != null) {
            p.addAll(x.parameters());
        }
        p.addAll(h.parameters());
        this.params = Collections.unmodifiableList(p);
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    int groups() {
        return h.groups();
    }

    /**
     * Normalises {@code w.hProj} in place and {@code xProj} into {@code w.xNorm} (the caller's {@code xProj} stays
     * as it is); returns what the gates read as the input projection.
     */
    Tensor forward(Tensor xProj, StepCache w) {
        h.forward(w.hProj, w.hProj, w.hHat, w.hInvStd);
        if (x == null) {
            return xProj;
        }
        x.forward(xProj, w.xNorm, w.xHat, w.xInvStd);
        return w.xNorm;
    }

    /** Backward of {@link #forward}, in place: the gradients w.r.t. the normalised projections become the raw ones. */
    void backward(StepCache c, Tensor dXProj, Tensor dH) {
        h.backward(dH, c.hHat, c.hInvStd, dH);
        if (x != null) {
            x.backward(dXProj, c.xHat, c.xInvStd, dXProj);
        }
    }
}
