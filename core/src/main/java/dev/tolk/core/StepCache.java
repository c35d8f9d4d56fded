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
    int capacity;
    Tensor gatesBuf;
    Tensor hProjBuf;
    Tensor extraBuf;
    Tensor xProjBuf;
    Tensor dXProjBuf;
    // views for the current batch size
    int batch = -1;
    Tensor gates;
    Tensor hProj;
    Tensor extra;
    Tensor xProj;
    Tensor dXProj;
    // references kept from forward
    boolean filled;
    Tensor x;
    Tensor stateIn;
    Tensor mask;
    final StateView stateInView = new StateView();

    StepCache(RnnCell owner, int maxBatch) {
        this.owner = owner;
        this.projection = owner.projectionSize();
        this.hidden = owner.hiddenSize();
        allocate(Math.max(1, maxBatch));
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
        }
    }

    private void allocate(int rows) {
        capacity = rows;
        gatesBuf = Tensor.zeros(rows, projection);
        hProjBuf = Tensor.zeros(rows, projection);
        extraBuf = Tensor.zeros(rows, hidden);
        xProjBuf = Tensor.zeros(rows, projection);
        dXProjBuf = Tensor.zeros(rows, projection);
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
