package dev.tolk.core;

/**
 * Every buffer of an {@link Rnn}'s forward and backward pass for one batch shape ({@code T} steps of {@code B}
 * sequences): the input projections, states and step caches the backward pass reads, the layer outputs, and the
 * gradients. Storage is sized for the largest {@code T} and {@code B} seen so far and grown outside the time loop;
 * {@link #prepare} builds the views for a shape once and keeps them while the shape repeats, so the time loops
 * allocate nothing. The names follow {@link Rnn}'s; {@code G·H} is a cell's projection width, {@code P} its state
 * parts, {@code D} the directions, {@code in_l} the input width of layer {@code l}.
 */
final class RnnWorkspace {
    private final RnnConfig config;
    private final RnnCell[][] cells;
    private final Dropout[] dropouts;
    private final int layers;
    private final int dirs;
    private final int hidden;
    private final int parts;
    private final int gh;

    /** Capacity: steps and sequences the storage holds. */
    int capT;

    int capB;
    /** The shape of the current views, −1 before the first {@link #prepare}. */
    int steps = -1;

    int batch = -1;

    // ---- forward, per layer and direction ----
    /** The input projections of all steps, {@code [T·B, G·H]}. */
    Tensor[][] xProj;
    /** Row {@code t} of {@link #xProj}, {@code [B, G·H]}. */
    Tensor[][][] xProjStep;
    /** The state after {@code s} steps in the direction's processing order, {@code s = 0..T}, {@code [P, B, H]}. */
    Tensor[][][] stateStep;
    /** One cell cache per processing step (capacity-long). */
    StepCache[][][] caches;

    // ---- forward, per layer ----
    /** The layer's output, {@code [T, B, D·H]}. */
    Tensor[] out;
    /** {@code dropout(out_{l−1})}, the input of layer {@code l ≥ 1} when dropout is on, {@code [T, B, D·H]}. */
    Tensor[] drop;
    /** The padding mask of step {@code t}, {@code [B]}: 1 for {@code t < lengths[b]}, else 0. */
    Tensor[] maskStep;

    // ---- gradients ----
    /** {@code ∂L/∂in_l}, the gradient w.r.t. the input of layer {@code l}, {@code [T, B, in_l]}. */
    Tensor[] dIn;
    /** Per direction: {@code ∂L/∂xProj} of the layer being differentiated, {@code [T·B, G·H]}. */
    Tensor[] dXProj;
    /** Row {@code t} of {@link #dXProj}, {@code [B, G·H]}. */
    Tensor[][] dXProjStep;
    /** Per direction: the state gradient of the step being differentiated and of the step before, {@code [P, B, H]}. */
    Tensor[][] dState;
    /** {@code ∂L/∂s_0} per layer and direction, {@code [P, B, H]}. */
    Tensor[][] initialGrad;

    private Tensor[][] xProjStore;
    private Tensor[][] stateStore;
    private Tensor[] outStore;
    private Tensor[] dropStore;
    private Tensor[] dInStore;
    private Tensor[] dXProjStore;
    private Tensor[][] dStateStore;
    private Tensor maskStore;
    private Tensor[][] initialGradStore;

    /** @param dropouts per layer, null where a layer's input is not dropped (no {@link #drop} buffer) */
    RnnWorkspace(RnnConfig config, RnnCell[][] cells, Dropout[] dropouts) {
        this.config = config;
        this.cells = cells;
        this.dropouts = dropouts;
        this.layers = config.layers();
        this.dirs = config.directions();
        this.hidden = config.hiddenSize();
        this.parts = cells[0][0].stateParts();
        this.gh = cells[0][0].projectionSize();
    }

    /** Builds the views for {@code T = t}, {@code B = b}, growing the storage when a dimension exceeds it. */
    void prepare(int t, int b) {
        if (t == steps && b == batch) {
            return;
        }
        if (t > capT || b > capB || xProjStore == null) {
            allocate(Math.max(t, capT), Math.max(b, capB));
        }
        xProj = new Tensor[layers][dirs];
        xProjStep = new Tensor[layers][dirs][t];
        stateStep = new Tensor[layers][dirs][t + 1];
        out = new Tensor[layers];
        drop = new Tensor[layers];
        dIn = new Tensor[layers];
        initialGrad = new Tensor[layers][dirs];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            for (int d = 0; d < dirs; d++) {
                xProj[l][d] = xProjStore[l][d].rows(0, t * b * gh).reshape(t * b, gh);
                for (int s = 0; s < t; s++) {
                    xProjStep[l][d][s] = xProj[l][d].rows(s * b, b);
                }
                Tensor states =
                        stateStore[l][d].rows(0, (t + 1) * parts * b * hidden).reshape(t + 1, parts, b, hidden);
                for (int s = 0; s <= t; s++) {
                    stateStep[l][d][s] = states.row(s);
                }
                initialGrad[l][d] =
                        initialGradStore[l][d].rows(0, parts * b * hidden).reshape(parts, b, hidden);
            }
            out[l] = outStore[l].rows(0, t * b * dirs * hidden).reshape(t, b, dirs * hidden);
            if (dropStore[l] != null) {
                drop[l] = dropStore[l].rows(0, t * b * dirs * hidden).reshape(t, b, dirs * hidden);
            }
            dIn[l] = dInStore[l].rows(0, t * b * in).reshape(t, b, in);
        }
        dXProj = new Tensor[dirs];
        dXProjStep = new Tensor[dirs][t];
        dState = new Tensor[dirs][2];
        for (int d = 0; d < dirs; d++) {
            dXProj[d] = dXProjStore[d].rows(0, t * b * gh).reshape(t * b, gh);
            for (int s = 0; s < t; s++) {
                dXProjStep[d][s] = dXProj[d].rows(s * b, b);
            }
            for (int i = 0; i < 2; i++) {
                dState[d][i] = dStateStore[d][i].rows(0, parts * b * hidden).reshape(parts, b, hidden);
            }
        }
        maskStep = new Tensor[t];
        for (int s = 0; s < t; s++) {
            maskStep[s] = maskStore.rows(s * b, b);
        }
        steps = t;
        batch = b;
    }

    private void allocate(int t, int b) {
        capT = t;
        capB = b;
        xProjStore = new Tensor[layers][dirs];
        stateStore = new Tensor[layers][dirs];
        caches = new StepCache[layers][dirs][t];
        outStore = new Tensor[layers];
        dropStore = new Tensor[layers];
        dInStore = new Tensor[layers];
        initialGradStore = new Tensor[layers][dirs];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            for (int d = 0; d < dirs; d++) {
                initialGradStore[l][d] = Tensor.zeros(parts * b * hidden);
                xProjStore[l][d] = Tensor.zeros(t * b * gh);
                stateStore[l][d] = Tensor.zeros((t + 1) * parts * b * hidden);
                for (int s = 0; s < t; s++) {
                    caches[l][d][s] = cells[l][d].newStepCache(b);
                }
            }
            outStore[l] = Tensor.zeros(t * b * dirs * hidden);
            if (dropouts[l] != null) {
                dropStore[l] = Tensor.zeros(t * b * dirs * hidden);
            }
            dInStore[l] = Tensor.zeros(t * b * in);
        }
        dXProjStore = new Tensor[dirs];
        dStateStore = new Tensor[dirs][2];
        for (int d = 0; d < dirs; d++) {
            dXProjStore[d] = Tensor.zeros(t * b * gh);
            for (int i = 0; i < 2; i++) {
                dStateStore[d][i] = Tensor.zeros(parts * b * hidden);
            }
        }
        maskStore = Tensor.zeros(t * b);
        steps = -1;
        batch = -1;
    }
}
