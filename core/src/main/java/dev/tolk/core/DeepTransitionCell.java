package dev.tolk.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A deep transition cell (Pascanu et al. 2014; Miceli Barone et al. 2017, §2.2): {@code D} cells applied in turn
 * within one time step, only the first reading the input:
 *
 * <pre>
 *   s_{t,1} = cell_1(x_t, s_{t−1}),    s_{t,k} = cell_k(s_{t,k−1})   (k = 2..D),    s_t = s_{t,D}
 * </pre>
 * where a transition {@code cell_k} has no input: its input projection is its bias {@code b_x} alone. The state is
 * the cells' state {@code [stateParts, B, H]}; the input side ({@link #projectInput} and the column and bias
 * variants) is {@code cell_1}'s, so a caller drives it as any {@link RnnCell}. A masked row carries its state
 * through every transition. Parameters: {@code cell_1}'s, then each transition's (named by the factory, see
 * {@link CellSpec}).
 *
 * <p>The cache of a step ({@link #newStepCache}) holds one cache per transition and the states between them;
 * the transitions' bias projections and the backward pass's intermediate gradients are scratch of this object.
 * Not thread-safe.
 */
public final class DeepTransitionCell implements RnnCell {
    private final RnnCell[] cells;
    private final String name;
    private final int hidden;
    private final int parts;
    private final List<Parameter> params;
    private final StepCache scratch;
    private Tensor biasStore;
    private Tensor dBiasStore;
    private final Tensor[] dStore = new Tensor[2];
    private int rows = -1;
    private Tensor bias;
    private Tensor dBias;
    private final Tensor[] d = new Tensor[2];

    /**
     * @param cells {@code cell_1} (with input) then the transitions ({@code inputSize} 0), at least two, all of one
     *     hidden size and state layout
     */
    public DeepTransitionCell(RnnCell... cells) {
        if (cells.length < 2) {
            throw new IllegalArgumentException("DeepTransitionCell: needs at least two cells, got " + cells.length);
        }
        for (int k = 1; k < cells.length; k++) {
            if (cells[k].inputSize() != 0
                    || cells[k].hiddenSize() != cells[0].hiddenSize()
                    || cells[k].stateParts() != cells[0].stateParts()) {
                throw new IllegalArgumentException("DeepTransitionCell: transition " + (k + 1) + " (" + cells[k].name()
                        + ") must have no input and the first cell's state shape");
            }
        }
        this.cells = cells.clone();
        this.name = cells[0].name();
        this.hidden = cells[0].hiddenSize();
        this.parts = cells[0].stateParts();
        List<Parameter> p = new ArrayList<>();
        for (RnnCell c : cells) {
            p.addAll(c.parameters());
        }
        this.params = Collections.unmodifiableList(p);
        this.scratch = newStepCache(1);
    }

    /** D, the transitions per step. */
    public int depth() {
        return cells.length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputSize() {
        return cells[0].inputSize();
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public int gateCount() {
        return cells[0].gateCount();
    }

    @Override
    public int stateParts() {
        return parts;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public StepCache newStepCache(int maxBatch) {
        StepCache[] c = new StepCache[cells.length];
        for (int k = 0; k < cells.length; k++) {
            c[k] = cells[k].newStepCache(maxBatch);
        }
        return new StepCache(this, c);
    }

    @Override
    public void projectInput(Tensor x, Tensor xProj) {
        cells[0].projectInput(x, xProj);
    }

    @Override
    public void backwardInput(Tensor x, Tensor dXProj, Tensor dx, boolean accumulate) {
        cells[0].backwardInput(x, dXProj, dx, accumulate);
    }

    @Override
    public void projectInputColumns(Tensor xPart, int from, Tensor xProj, boolean accumulate) {
        cells[0].projectInputColumns(xPart, from, xProj, accumulate);
    }

    @Override
    public void addInputBias(Tensor xProj) {
        cells[0].addInputBias(xProj);
    }

    @Override
    public void backwardInputColumns(Tensor xPart, int from, Tensor dXProj, Tensor dxPart, boolean accumulate) {
        cells[0].backwardInputColumns(xPart, from, dXProj, dxPart, accumulate);
    }

    @Override
    public void backwardInputBias(Tensor dXProj) {
        cells[0].backwardInputBias(dXProj);
    }

    @Override
    public void forwardProjected(Tensor xProj, Tensor stateIn, Tensor stateOut, Tensor mask, StepCache cache) {
        int b = checkState("forwardProjected", "stateIn", stateIn);
        StepCache c = cache == null ? scratch : own(cache, "forwardProjected");
        c.prepareBetween(b, parts);
        prepareScratch(b);
        Tensor in = stateIn;
        for (int k = 0; k < cells.length; k++) {
            Tensor out = k == cells.length - 1 ? stateOut : c.between[k];
            Tensor proj = xProj;
            if (k > 0) {
                bias.zero();
                cells[k].addInputBias(bias);
                proj = bias;
            }
            cells[k].forwardProjected(proj, in, out, mask, cache == null ? null : c.transitions[k]);
            in = out;
        }
        if (cache != null) {
            cache.filled = true;
            cache.x = null;
        }
    }

    @Override
    public void backwardProjected(StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dXProj) {
        StepCache c = own(cache, "backwardProjected");
        Tensor dOut = backwardTransitions(c, dStateOut);
        cells[0].backwardProjected(c.transitions[0], dOut, dStateIn, dXProj);
        c.filled = false;
    }

    @Override
    public void forward(Tensor x, Tensor stateIn, Tensor stateOut, Tensor mask, StepCache cache) {
        int b = stateIn.rank() == 3 ? stateIn.dim(1) : -1;
        if (x.colCount() != inputSize() || x.rowCount() != b) {
            throw new IllegalArgumentException("DeepTransitionCell.forward: x is " + Arrays.toString(x.shape())
                    + " but inputSize is " + inputSize() + " and stateIn is " + Arrays.toString(stateIn.shape()));
        }
        StepCache c = cache == null ? scratch : own(cache, "forward");
        c.prepareBetween(b, parts);
        Tensor first = c.between[0];
        cells[0].forward(x, stateIn, first, mask, cache == null ? null : c.transitions[0]);
        prepareScratch(b);
        Tensor in = first;
        for (int k = 1; k < cells.length; k++) {
            Tensor out = k == cells.length - 1 ? stateOut : c.between[k];
            bias.zero();
            cells[k].addInputBias(bias);
            cells[k].forwardProjected(bias, in, out, mask, cache == null ? null : c.transitions[k]);
            in = out;
        }
        if (cache != null) {
            cache.filled = true;
            cache.x = x;
        }
    }

    @Override
    public void backward(StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dx) {
        StepCache c = own(cache, "backward");
        if (c.filled && c.x == null) {
            throw new IllegalStateException("DeepTransitionCell.backward: the cache was filled by forwardProjected; "
                    + "use backwardProjected and backwardInput");
        }
        Tensor dOut = backwardTransitions(c, dStateOut);
        cells[0].backward(c.transitions[0], dOut, dStateIn, dx);
        c.filled = false;
    }

    /** Backward through transitions D..2; returns the gradient w.r.t. {@code s_{t,1}} (scratch). */
    private Tensor backwardTransitions(StepCache c, Tensor dStateOut) {
        if (!c.transitions[cells.length - 1].isFilled()) {
            throw new IllegalStateException("DeepTransitionCell.backward: the cache holds no forward step (backward "
                    + "before forward, or called twice)");
        }
        prepareScratch(c.transitions[cells.length - 1].batch());
        Tensor dOut = dStateOut;
        for (int k = cells.length - 1; k >= 1; k--) {
            Tensor dIn = d[k % 2];
            cells[k].backwardProjected(c.transitions[k], dOut, dIn, dBias);
            cells[k].backwardInputBias(dBias);
            dOut = dIn;
        }
        return dOut;
    }

    private void prepareScratch(int b) {
        if (b == rows) {
            return;
        }
        int gh = projectionSize();
        if (biasStore == null || biasStore.size() < b * gh) {
            biasStore = Tensor.zeros(b * gh);
            for (int i = 0; i < 2; i++) {
                dStore[i] = Tensor.zeros(parts * b * hidden);
            }
            dBiasStore = Tensor.zeros(b * gh);
        }
        bias = biasStore.rows(0, b * gh).reshape(b, gh);
        dBias = dBiasStore.rows(0, b * gh).reshape(b, gh);
        for (int i = 0; i < 2; i++) {
            d[i] = dStore[i].rows(0, parts * b * hidden).reshape(parts, b, hidden);
        }
        rows = b;
    }

    private StepCache own(StepCache cache, String where) {
        if (cache.owner != this) {
            throw new IllegalArgumentException("DeepTransitionCell." + where
                    + ": the StepCache belongs to another cell (" + cache.owner.name() + ")");
        }
        return cache;
    }

    private int checkState(String where, String what, Tensor s) {
        if (s.rank() != 3 || s.dim(0) != parts || s.dim(2) != hidden) {
            throw new IllegalArgumentException("DeepTransitionCell." + where + ": " + what + " is "
                    + Arrays.toString(s.shape()) + " but expected [" + parts + ", batch, " + hidden + "]");
        }
        return s.dim(1);
    }
}
