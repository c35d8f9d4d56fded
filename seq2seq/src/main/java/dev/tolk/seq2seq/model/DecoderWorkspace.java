package dev.tolk.seq2seq.model;

import dev.tolk.core.AdditiveAttention;
import dev.tolk.core.RnnCell;
import dev.tolk.core.StepCache;
import dev.tolk.core.Tensor;

/**
 * Every buffer of the {@link Decoder}'s teacher-forced pass for one batch shape ({@code T} steps of {@code B}
 * sentences): the activations its backward pass reads, the step caches, and the gradients. Storage is grown on
 * demand and reused for every batch of the same shape; {@link #prepare} builds the views for a shape once, so the
 * time loops allocate nothing. The names follow {@link Decoder}'s equations; {@code G·H} is the first cell's
 * projection width, {@code F = H + C + E}.
 */
final class DecoderWorkspace {
    private final RnnCell[] cells;
    private final RnnCell first;
    private final AdditiveAttention attention;
    private final int hidden;
    private final int ctxSize;
    private final int vocab;
    private final int parts;

    /** Capacity: positions {@code T·B}, steps and sentences the storage holds. */
    int capRows;

    private int capSteps;
    private int capBatch;
    private int steps = -1;
    private int batch = -1;

    // ---- forward activations ----
    /** {@code y_{t−1}}: {@code <s>}, then the target shifted right, {@code [T·B]} (capacity-long). */
    int[] inputIds = new int[0];
    /** {@code x_t = dropout(E[y_{t−1}])}, {@code [T·B, E]}. */
    final StepBuffer x;
    /** The first cell's input projection {@code [x_t; ctx_t]·W_xᵀ + b_x}, {@code [T·B, G·H]}. */
    final StepBuffer xProj;
    /** {@code ctx_t}, {@code [T·B, C]}. */
    final StepBuffer ctx;
    /** {@code in^l_t = dropout(out^{l−1}_t)}, the input of layer {@code l ≥ 1}, {@code [T·B, H]} (null for l = 0). */
    final StepBuffer[] layerInput;
    /** Residual: {@code out^l_t = h^l_t + in^l_t} for {@code l ≥ 1}, {@code [T·B, H]} (null otherwise). */
    final StepBuffer[] layerOutput;
    /** cGRU: {@code GRU₁}'s input projection {@code x_t·W_1ᵀ + b_1}, {@code [T·B, G·H]}. */
    final StepBuffer firstProj;
    /** cGRU: {@code s'_t}, {@code [parts, B, H]}, and its output part {@code [B, H]}. */
    Tensor[] mid;

    Tensor[] midH;
    /** cGRU: {@code GRU₁}'s cache per step. */
    StepCache[] firstCaches;
    /** {@code s^l_t} for {@code t = 0..T}, {@code [parts, B, H]}. */
    Tensor[][] state;
    /** {@code h^l_t}, the output part of {@code s^l_t}, {@code [B, H]}. */
    Tensor[][] stateH;
    /** {@code o_t = dropout([h^L_t; ctx_t; x_t])}, {@code [T·B, F]}. */
    final StepBuffer features;
    /** Tied output: {@code o_t·W_projᵀ}, {@code [T·B, E]}. */
    final StepBuffer projected;
    /** The logits, then (after the loss) their gradient, {@code [T·B, V]}. */
    final StepBuffer logits;
    /** Fixed context: its block of the first cell's projection {@code c·W_x,cᵀ}, {@code [B, G·H]}. */
    final StepBuffer contextProj;
    /** Fixed context: its block of the logits {@code c·W_out,cᵀ + b}, {@code [B, V]}. */
    final StepBuffer contextLogits;
    /** One cell cache per layer and step. */
    StepCache[][] caches;
    /** One attention cache per step. */
    AdditiveAttention.Cache[] attentionCaches;

    // ---- gradients ----
    /** {@code ∂L/∂o}, {@code [T·B, F]}. */
    final StepBuffer dFeatures;
    /** Tied output: {@code ∂L/∂(o·W_projᵀ)}, {@code [T·B, E]}. */
    final StepBuffer dProjected;
    /** {@code ∂L/∂x}, {@code [T·B, E]}. */
    final StepBuffer dX;
    /** {@code ∂L/∂xProj}, {@code [T·B, G·H]}. */
    final StepBuffer dXProj;
    /** cGRU: {@code ∂L/∂(x_t·W_1ᵀ + b_1)}, {@code [T·B, G·H]}. */
    final StepBuffer dFirstProj;
    /** cGRU: {@code ∂L/∂s'_t}, {@code [parts, B, H]}, and its output part. */
    Tensor dMid;

    Tensor dMidH;
    /** Residual: {@code ∂L/∂out^l_t} of the layer being differentiated, {@code [B, H]}. */
    final StepBuffer dOut;
    /** {@code ∂L/∂s^l_t} of the step being differentiated, and of the step before; swapped every step. */
    Tensor[] dState;

    Tensor[] dPrev;
    /** The output parts of {@link #dState} and {@link #dPrev}, {@code [B, H]}. */
    Tensor[] dStateH;

    Tensor[] dPrevH;
    /** {@code ∂L/∂dropout(h^{l−1}_t)}, {@code [B, H]}. */
    final StepBuffer dLayerInput;
    /** {@code ∂L/∂ctx_t}, {@code [B, C]}. */
    final StepBuffer dCtx;
    /** {@code ∂L/∂query} from attention, {@code [B, H]}. */
    final StepBuffer dQuery;
    /** Fixed context: {@code ∂L/∂c} summed over the steps, {@code [B, C]}. */
    final StepBuffer dContext;
    /** {@code ∂L/∂(W_init f + b)}, {@code [B, H]}. */
    final StepBuffer dPreInit;
    /** Fixed context: {@code ∂L/∂xProj} summed over the steps, {@code [B, G·H]}. */
    final StepBuffer dXProjSum;
    /** Fixed context: the logits' gradient summed over the steps, {@code [B, V]}. */
    final StepBuffer dLogitsSum;
    /** {@code ∂L/∂f_l}, the gradient w.r.t. the encoder's final features per layer, {@code [B, C]}. */
    final StepBuffer[] dFinal;
    /** The {@link #dFinal} matrices, {@code [B, C]} each. */
    Tensor[] dFinalViews;

    private Tensor[] stateStore;
    private Tensor[] dStateStore;
    private Tensor[] dPrevStore;
    private Tensor midStore;
    private Tensor dMidStore;
    private Tensor dMemoryStore;

    DecoderWorkspace(DecoderLayers d) {
        this.cells = d.cells;
        this.first = d.first;
        this.attention = d.attention;
        this.hidden = d.hidden;
        this.ctxSize = d.ctxSize;
        this.vocab = d.vocab;
        this.parts = cells[0].stateParts();
        int emb = d.emb;
        boolean tied = d.output.tied();
        int layers = cells.length;
        int gh = cells[0].projectionSize();
        int features = d.features;
        x = new StepBuffer(emb);
        xProj = new StepBuffer(gh);
        ctx = new StepBuffer(ctxSize);
        layerInput = new StepBuffer[layers];
        layerOutput = new StepBuffer[layers];
        for (int l = 1; l < layers; l++) {
            layerInput[l] = new StepBuffer(hidden);
            layerOutput[l] = d.residual ? new StepBuffer(hidden) : null;
        }
        firstProj = first == null ? null : new StepBuffer(first.projectionSize());
        dFirstProj = first == null ? null : new StepBuffer(first.projectionSize());
        dOut = new StepBuffer(hidden);
        this.features = new StepBuffer(features);
        projected = tied ? new StepBuffer(emb) : null;
        logits = new StepBuffer(vocab);
        contextProj = new StepBuffer(gh);
        contextLogits = new StepBuffer(vocab);
        dFeatures = new StepBuffer(features);
        dProjected = tied ? new StepBuffer(emb) : null;
        dX = new StepBuffer(emb);
        dXProj = new StepBuffer(gh);
        dLayerInput = new StepBuffer(hidden);
        dCtx = new StepBuffer(ctxSize);
        dQuery = new StepBuffer(hidden);
        dContext = new StepBuffer(ctxSize);
        dPreInit = new StepBuffer(hidden);
        dXProjSum = new StepBuffer(gh);
        dLogitsSum = new StepBuffer(vocab);
        dFinal = new StepBuffer[layers];
        for (int l = 0; l < layers; l++) {
            dFinal[l] = new StepBuffer(ctxSize);
        }
    }

    /** Builds the views for {@code T = steps}, {@code B = batch}, growing the storage when a dimension exceeds it. */
    void prepare(int steps, int batch) {
        if (steps == this.steps && batch == this.batch) {
            return;
        }
        int n = steps * batch;
        if (n > capRows || steps > capSteps || batch > capBatch) {
            // grow each dimension only when exceeded (rows by at least a quarter, to bound reallocations)
            int rows = n > capRows ? Math.max(n, capRows + capRows / 4) : capRows;
            allocate(rows, Math.max(steps, capSteps), Math.max(batch, capBatch));
        }
        for (StepBuffer b : timeMajor()) {
            if (b != null) {
                b.shape(steps, batch);
            }
        }
        for (StepBuffer b : batchSized()) {
            b.shape(1, batch);
        }
        int layers = cells.length;
        dFinalViews = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            dFinalViews[l] = dFinal[l].batch();
        }
        state = new Tensor[layers][steps + 1];
        stateH = new Tensor[layers][steps + 1];
        dState = new Tensor[layers];
        dStateH = new Tensor[layers];
        dPrev = new Tensor[layers];
        dPrevH = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            Tensor all = stateStore[l]
                    .rows(0, (steps + 1) * parts * batch * hidden)
                    .reshape(steps + 1, parts, batch, hidden);
            for (int t = 0; t <= steps; t++) {
                state[l][t] = all.row(t);
                stateH[l][t] = cells[l].output(state[l][t]);
            }
            dState[l] = dStateStore[l].rows(0, parts * batch * hidden).reshape(parts, batch, hidden);
            dPrev[l] = dPrevStore[l].rows(0, parts * batch * hidden).reshape(parts, batch, hidden);
            dStateH[l] = cells[l].output(dState[l]);
            dPrevH[l] = cells[l].output(dPrev[l]);
        }
        if (first != null) {
            Tensor all = midStore.rows(0, steps * parts * batch * hidden).reshape(steps, parts, batch, hidden);
            mid = new Tensor[steps];
            midH = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                mid[t] = all.row(t);
                midH[t] = first.output(mid[t]);
            }
            dMid = dMidStore.rows(0, parts * batch * hidden).reshape(parts, batch, hidden);
            dMidH = first.output(dMid);
        }
        this.steps = steps;
        this.batch = batch;
    }

    /** Swaps {@link #dState} and {@link #dPrev} of every layer: the step before becomes the current one. */
    void swapStateGradients() {
        for (int l = 0; l < cells.length; l++) {
            Tensor tmp = dState[l];
            dState[l] = dPrev[l];
            dPrev[l] = tmp;
            tmp = dStateH[l];
            dStateH[l] = dPrevH[l];
            dPrevH[l] = tmp;
        }
    }

    /** A zero gradient w.r.t. the memory, {@code [S, B, C]} (the decoder without attention does not read it). */
    Tensor zeroMemoryGradient(int sourceSteps) {
        int size = sourceSteps * batch * ctxSize;
        if (dMemoryStore.size() < size) {
            dMemoryStore = Tensor.zeros(2 * size);
        }
        return dMemoryStore.rows(0, size).reshape(sourceSteps, batch, ctxSize).zero();
    }

    private StepBuffer[] timeMajor() {
        StepBuffer[] fixed = {
            x, xProj, ctx, features, projected, logits, dFeatures, dProjected, dX, dXProj, firstProj, dFirstProj
        };
        StepBuffer[] all = java.util.Arrays.copyOf(fixed, fixed.length + 2 * layerInput.length);
        System.arraycopy(layerInput, 0, all, fixed.length, layerInput.length);
        System.arraycopy(layerOutput, 0, all, fixed.length + layerInput.length, layerOutput.length);
        return all;
    }

    private StepBuffer[] batchSized() {
        StepBuffer[] fixed = {
            contextProj, contextLogits, dLayerInput, dCtx, dQuery, dContext, dPreInit, dXProjSum, dLogitsSum, dOut
        };
        StepBuffer[] all = java.util.Arrays.copyOf(fixed, fixed.length + dFinal.length);
        System.arraycopy(dFinal, 0, all, fixed.length, dFinal.length);
        return all;
    }

    private void allocate(int rows, int steps, int batch) {
        if ((long) rows * vocab > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Decoder: a batch of " + rows + " target positions needs more than "
                    + "2^31 logits; lower train.batch_tokens");
        }
        capRows = rows;
        capSteps = steps;
        capBatch = batch;
        inputIds = new int[rows];
        for (StepBuffer b : timeMajor()) {
            if (b != null) {
                b.reserve(rows);
            }
        }
        for (StepBuffer b : batchSized()) {
            b.reserve(batch);
        }
        int layers = cells.length;
        stateStore = new Tensor[layers];
        dStateStore = new Tensor[layers];
        dPrevStore = new Tensor[layers];
        // the per-step caches are kept (each grows its own rows when a larger batch uses it): only new steps get new
        // ones, so a batch with more positions or rows does not reallocate every step's cache
        StepCache[][] oldCaches = caches;
        caches = new StepCache[layers][steps];
        for (int l = 0; l < layers; l++) {
            stateStore[l] = Tensor.zeros((rows + batch) * parts * hidden);
            dStateStore[l] = Tensor.zeros(parts * batch * hidden);
            dPrevStore[l] = Tensor.zeros(parts * batch * hidden);
            for (int t = 0; t < steps; t++) {
                caches[l][t] =
                        oldCaches != null && t < oldCaches[l].length ? oldCaches[l][t] : cells[l].newStepCache(batch);
            }
        }
        if (first != null) {
            midStore = Tensor.zeros(rows * parts * hidden);
            dMidStore = Tensor.zeros(parts * batch * hidden);
            StepCache[] oldFirst = firstCaches;
            firstCaches = new StepCache[steps];
            for (int t = 0; t < steps; t++) {
                firstCaches[t] = oldFirst != null && t < oldFirst.length ? oldFirst[t] : first.newStepCache(batch);
            }
        }
        AdditiveAttention.Cache[] oldAttention = attentionCaches;
        attentionCaches = new AdditiveAttention.Cache[steps];
        if (attention != null) {
            for (int t = 0; t < steps; t++) {
                attentionCaches[t] = oldAttention != null && t < oldAttention.length && oldAttention[t] != null
                        ? oldAttention[t]
                        : attention.newCache();
            }
        }
        dMemoryStore = Tensor.zeros(rows * ctxSize);
        this.steps = -1;
        this.batch = -1;
    }
}
