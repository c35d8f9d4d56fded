package dev.tolk.core;

/**
 * What an {@link RnnCell} keeps from one forward step for its backward: gate activations, the recurrent
 * projection, and references to the step's input, input state and mask. Created by
 * {@link RnnCell#newStepCache(int)}, owned and reused by the caller (one per time step of an unrolled sequence).
 * Lifecycle: empty → filled by a forward with this cache → consumed by backward → empty again.
 */
public final class StepCache {
    final RnnCell owner;
    final int projection;
    final int hidden;
    /** Gate groups of the owner's layer normalisation (0 without). */
    final int normGroups;

    int capacity;
    Tensor gatesBuf;
    Tensor hProjBuf;
    Tensor extraBuf;
    Tensor xProjBuf;
    Tensor dXProjBuf;
    Tensor xNormBuf;
    Tensor xHatBuf;
    Tensor xInvStdBuf;
    Tensor hHatBuf;
    Tensor hInvStdBuf;
    // views for the current batch size
    int batch = -1;
    Tensor gates;
    Tensor hProj;
    Tensor extra;
    Tensor xProj;
    Tensor dXProj;
    // layer normalisation: LN_x(xProj), the normalised projections and their 1/σ per row and group
    Tensor xNorm;
    Tensor xHat;
    Tensor xInvStd;
    Tensor hHat;
    Tensor hInvStd;
    // references kept from forward
    boolean filled;
    Tensor x;
    Tensor stateIn;
    Tensor mask;
    final StateView stateInView = new StateView();
    // a DeepTransitionCell's step: its transitions' caches, and the states between them [parts, B, H]
    StepCache[] transitions;
    Tensor[] between;
    private Tensor[] betweenStore;

    StepCache(RnnCell owner, int maxBatch) {
        this.owner = owner;
        this.projection = owner.projectionSize();
        this.hidden = owner.hiddenSize();
        this.normGroups = owner instanceof AbstractRnnCell a ? a.normGroupCount() : 0;
        allocate(Math.max(1, maxBatch));
    }

    /** A cache for a {@link DeepTransitionCell}: one cache per transition, and no buffers of its own. */
    StepCache(RnnCell owner, StepCache[] transitions) {
        this.owner = owner;
        this.projection = owner.projectionSize();
        this.hidden = owner.hiddenSize();
        this.normGroups = 0;
        this.transitions = transitions;
        this.betweenStore = new Tensor[transitions.length - 1];
        this.between = new Tensor[transitions.length - 1];
    }

    /** Views of the states between transitions for a batch of {@code b} (storage grown on demand). */
    void prepareBetween(int b, int parts) {
        if (b == batch) {
            return;
        }
        for (int k = 0; k < between.length; k++) {
            if (betweenStore[k] == null || betweenStore[k].size() < parts * b * hidden) {
                betweenStore[k] = Tensor.zeros(parts * Math.max(b, 2 * capacity) * hidden);
            }
            between[k] = betweenStore[k].rows(0, parts * b * hidden).reshape(parts, b, hidden);
        }
        capacity = Math.max(capacity, b);
        batch = b;
    }

    /** True between a forward that filled it and the backward that consumes it. */
    public boolean isFilled() {
        return filled;
    }

    /** Batch size of the step held (−1 before the first forward). */
    public int batch() {
        return batch;
    }

    /**
     * The gate activations of the held step, {@code [B, G·H]} in the cell's gate order (a view, valid until the
     * cache is reused).
     */
    public Tensor gates() {
        if (batch < 0) {
            throw new IllegalStateException("StepCache.gates: the cache was never filled");
        }
        return gates;
    }

    void prepare(int b) {
        if (b > capacity) {
            allocate(Math.max(b, capacity * 2));
        }
        if (b != batch) {
            batch = b;
            gates = gatesBuf.rows(0, b);
            hProj = hProjBuf.rows(0, b);
            extra = extraBuf.rows(0, b);
            xProj = xProjBuf.rows(0, b);
            dXProj = dXProjBuf.rows(0, b);
            if (normGroups > 0) {
                xNorm = xNormBuf.rows(0, b);
                xHat = xHatBuf.rows(0, b);
                xInvStd = xInvStdBuf.rows(0, b);
                hHat = hHatBuf.rows(0, b);
                hInvStd = hInvStdBuf.rows(0, b);
            }
        }
    }

    private void allocate(int rows) {
        capacity = rows;
        gatesBuf = Tensor.zeros(rows, projection);
        hProjBuf = Tensor.zeros(rows, projection);
        extraBuf = Tensor.zeros(rows, hidden);
        xProjBuf = Tensor.zeros(rows, projection);
        dXProjBuf = Tensor.zeros(rows, projection);
        if (normGroups > 0) {
            xNormBuf = Tensor.zeros(rows, projection);
            xHatBuf = Tensor.zeros(rows, projection);
            xInvStdBuf = Tensor.zeros(rows, normGroups);
            hHatBuf = Tensor.zeros(rows, projection);
            hInvStdBuf = Tensor.zeros(rows, normGroups);
        }
        batch = -1;
    }

    /** Memoised {@code h} view of a state tensor (no allocation when the same state object comes back). */
    static final class StateView {
        private Tensor source;
        private Tensor view;

        Tensor h(Tensor state, int parts) {
            if (parts == 1) {
                return state;
            }
            if (state != source) {
                source = state;
                view = state.row(0);
            }
            return view;
        }
    }
}
