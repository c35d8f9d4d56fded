package dev.tolk.core;

/**
 * Every buffer of an {@link Rnn}'s forward and backward pass for one batch shape ({@code T} steps of {@code B}
 * sequences), in two groups:
 *
 * <ul>
 *   <li><b>forward buffers</b>, which every forward writes: the input projections, the states, the layer outputs and
 *       the padding masks;
 *   <li><b>training buffers</b>, which only a training forward and its backward use: the step caches the backward
 *       reads, the dropout outputs and the gradients. An inference forward ({@code training = false}) neither
 *       allocates nor touches them, so a model that only translates holds none, and decoding with a larger batch
 *       after training does not grow them.
 * </ul>
 *
 * Each group is sized for the largest {@code T} and {@code B} it has served and grown outside the time loop;
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

    /** Capacity of the forward buffers: steps and sequences they hold. */
    int capT;

    int capB;
    /** Capacity of the training buffers (0 until the first training forward). */
    int trainCapT;

    int trainCapB;
    /** The shape of the current views, −1 before the first {@link #prepare}. */
    int steps = -1;

    int batch = -1;
    /** Whether the training views are built for the current shape. */
    boolean trainingViews;

    // ---- forward buffers, per layer and direction ----
    /** The input projections of all steps, {@code [T·B, G·H]}. */
    Tensor[][] xProj;
    /** Row {@code t} of {@link #xProj}, {@code [B, G·H]}. */
    Tensor[][][] xProjStep;
    /** The state after {@code s} steps in the direction's processing order, {@code s = 0..T}, {@code [P, B, H]}. */
    Tensor[][][] stateStep;

    // ---- forward buffers, per layer ----
    /** The layer's output, {@code [T, B, D·H]}. */
    Tensor[] out;
    /** The padding mask of step {@code t}, {@code [B]}: 1 for {@code t < lengths[b]}, else 0. */
    Tensor[] maskStep;

    // ---- training buffers (null until a training forward) ----
    /** One cell cache per processing step and layer and direction (capacity-long). */
    StepCache[][][] caches;
    /** {@code dropout(out_{l−1})}, the input of layer {@code l ≥ 1} when dropout is on, {@code [T, B, D·H]}. */
    Tensor[] drop;
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
    private Tensor maskStore;
    private Tensor[] dropStore;
    private Tensor[] dInStore;
    private Tensor[] dXProjStore;
    private Tensor[][] dStateStore;
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

    /**
     * Builds the views for {@code T = t}, {@code B = b}: the forward views always, the training views when
     * {@code training}; grows a group's storage when a dimension exceeds its capacity.
     */
    void prepare(int t, int b, boolean training) {
        if (t != steps || b != batch) {
            if (t > capT || b > capB || xProjStore == null) {
                allocateForward(Math.max(t, capT), Math.max(b, capB));
            }
            forwardViews(t, b);
            steps = t;
            batch = b;
            trainingViews = false;
        }
        if (training && !trainingViews) {
            if (t > trainCapT || b > trainCapB || dXProjStore == null) {
                allocateTraining(Math.max(t, trainCapT), Math.max(b, trainCapB));
            }
            trainingViews(t, b);
            trainingViews = true;
        }
    }

    private void forwardViews(int t, int b) {
        xProj = new Tensor[layers][dirs];
        xProjStep = new Tensor[layers][dirs][t];
        stateStep = new Tensor[layers][dirs][t + 1];
        out = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
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
            }
            out[l] = outStore[l].rows(0, t * b * dirs * hidden).reshape(t, b, dirs * hidden);
        }
        maskStep = new Tensor[t];
        for (int s = 0; s < t; s++) {
            maskStep[s] = maskStore.rows(s * b, b);
        }
    }

    private void trainingViews(int t, int b) {
        drop = new Tensor[layers];
        dIn = new Tensor[layers];
        initialGrad = new Tensor[layers][dirs];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            for (int d = 0; d < dirs; d++) {
                initialGrad[l][d] =
                        initialGradStore[l][d].rows(0, parts * b * hidden).reshape(parts, b, hidden);
            }
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
    }

    private void allocateForward(int t, int b) {
        capT = t;
        capB = b;
        xProjStore = new Tensor[layers][dirs];
        stateStore = new Tensor[layers][dirs];
        outStore = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < dirs; d++) {
                xProjStore[l][d] = Tensor.zeros(t * b * gh);
                stateStore[l][d] = Tensor.zeros((t + 1) * parts * b * hidden);
            }
            outStore[l] = Tensor.zeros(t * b * dirs * hidden);
        }
        maskStore = Tensor.zeros(t * b);
    }

    private void allocateTraining(int t, int b) {
        trainCapT = t;
        trainCapB = b;
        caches = new StepCache[layers][dirs][t];
        dropStore = new Tensor[layers];
        dInStore = new Tensor[layers];
        initialGradStore = new Tensor[layers][dirs];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            for (int d = 0; d < dirs; d++) {
                initialGradStore[l][d] = Tensor.zeros(parts * b * hidden);
                for (int s = 0; s < t; s++) {
                    caches[l][d][s] = cells[l][d].newStepCache(b);
                }
            }
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
    }
}
