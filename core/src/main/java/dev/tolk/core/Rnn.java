package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Unrolls {@link RnnCell}s over a time-major sequence {@code x: [T, B, inputSize]}: stacked layers, optional
 * bidirectionality, residual connections and dropout between layers, full or truncated backpropagation through
 * time (Werbos 1990; Williams &amp; Peng 1990).
 *
 * <p><b>Per layer and direction</b> the inputs of all T steps are projected in ONE matrix product
 * ({@link RnnCell#projectInput} over {@code [T·B, in]}), the recurrence runs step by step on row views, and the
 * backward pass ends with one product for {@code dW_x} and one for {@code dx} ({@link RnnCell#backwardInput}).
 *
 * <p><b>Variable lengths.</b> {@code lengths[b]} (each in {@code [0, T]}) marks steps {@code t ≥ lengths[b]} as
 * padding: there the state is carried unchanged and the output is zero. The forward direction's final state is
 * thus each sentence's state after its own last token; the backward direction runs from {@code t = T−1} down to
 * 0 and, because padding steps carry the initial state, effectively starts at each sentence's own last token.
 *
 * <p><b>Outputs.</b> {@code [T, B, directions·H]}: forward direction in columns {@code [0, H)}, backward in
 * {@code [H, 2H)}. Layer {@code l ≥ 1} with residual connections outputs {@code rnn_l(in_l) + in_l}, where
 * {@code in_l = dropout(out_{l−1})}.
 *
 * <p><b>Truncated BPTT.</b> With {@code truncation = k > 0} the state gradient is cut at every k-th step boundary
 * (in each direction's processing order): gradients of the loss at steps {@code ≥ jk} do not reach steps
 * {@code < jk}. To train on sequences longer than one call, pass the previous call's {@link #finalState} as the
 * next call's initial state (it is a value, not a graph: gradient does not flow between calls).
 *
 * <p><b>Buffers and lifecycle.</b> All activations, caches and gradients live in this object's
 * {@link RnnWorkspace}, sized for the largest T and B seen so far and grown outside the time loop; views for a
 * given (T, B) are built once and reused, so steady-state training allocates nothing. The caches and gradients
 * are allocated by the first training forward: an inference forward ({@code training = false}) uses only the
 * activations. The tensors returned by {@link #forward} and {@link #backward} and {@link #finalState}/{@link
 * #initialStateGradient} are views into those buffers, valid until the next call; copy them to keep them. The
 * caller must not modify {@code x} between forward and backward. {@link #backward} requires a preceding training
 * forward ({@link IllegalStateException} otherwise) and may be called once per forward.
 */
public final class Rnn implements Trainable {
    private final RnnConfig config;
    private final RnnCell[][] cells;
    private final Dropout[] dropouts;
    private final long dropoutSeed;
    private long trainingCalls;
    private final List<Parameter> params;
    private final int layers;
    private final int dirs;
    private final int hidden;
    private final int parts;

    private final RnnWorkspace w;

    // forward bookkeeping
    private final Tensor[] layerInput;
    private final boolean[] dropped;
    private boolean trained;
    private boolean backwardDone = true;
    private boolean hasForward;
    private int[] lengths;

    /**
     * Creates the cells (named {@code name.l<layer>.fwd} / {@code .bwd}) and dropouts, each seeded from
     * {@code seed} and its position. The dropout masks of the {@code i}-th training forward come from
     * {@code (seed, i, layer)}.
     */
    public Rnn(String name, RnnConfig config, long seed) {
        this.config = config;
        this.layers = config.layers();
        this.dirs = config.directions();
        this.hidden = config.hiddenSize();
        this.cells = new RnnCell[layers][dirs];
        this.dropouts = new Dropout[layers];
        List<Parameter> p = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            for (int d = 0; d < dirs; d++) {
                long s = seed * 1_000_003L + 31L * l + d;
                cells[l][d] = config.cell().create(name + ".l" + l + (d == 0 ? ".fwd" : ".bwd"), in, hidden, s);
                p.addAll(cells[l][d].parameters());
            }
            if (l > 0 && config.dropout() > 0f) {
                dropouts[l] = new Dropout(config.dropout());
            }
        }
        this.params = Collections.unmodifiableList(p);
        this.dropoutSeed = seed * 7_919L;
        this.parts = cells[0][0].stateParts();
        this.layerInput = new Tensor[layers];
        this.dropped = new boolean[layers];
        this.w = new RnnWorkspace(config, cells, dropouts);
    }

    public RnnConfig config() {
        return config;
    }

    /** The cell of {@code layer} and {@code direction} (0 forward, 1 backward). */
    public RnnCell cell(int layer, int direction) {
        return cells[layer][direction];
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /**
     * Runs the network. {@code x: [T, B, inputSize]}; {@code lengths}: per-sentence lengths in {@code [0, T]} or
     * null (all T); {@code initialStates}: null (zeros) or one entry per (layer, direction) at index
     * {@code layer·directions + direction}, each {@code [stateParts, B, H]} or null; {@code training}: keep caches
     * for backward and apply dropout. Returns the last layer's output {@code [T, B, directions·H]} (a view owned by
     * this object).
     */
    public Tensor forward(Tensor x, int[] lengths, Tensor[] initialStates, boolean training) {
        if (x.rank() != 3 || x.dim(2) != config.inputSize()) {
            throw new IllegalArgumentException("Rnn.forward: x is " + Arrays.toString(x.shape())
                    + " but expected [T, B, " + config.inputSize() + "]");
        }
        int t = x.dim(0);
        int b = x.dim(1);
        if (t == 0 || b == 0) {
            throw new IllegalArgumentException(
                    "Rnn.forward: x is " + Arrays.toString(x.shape()) + "; T and B must be > 0");
        }
        if (lengths != null && lengths.length != b) {
            throw new IllegalArgumentException("Rnn.forward: " + lengths.length + " lengths for a batch of " + b);
        }
        if (initialStates != null && initialStates.length != layers * dirs) {
            throw new IllegalArgumentException("Rnn.forward: " + initialStates.length + " initial states but "
                    + layers * dirs + " (layers × directions) expected");
        }
        w.prepare(t, b, training);
        boolean masked = fillMask(lengths, t, b);
        this.lengths = lengths == null ? null : lengths.clone();
        Tensor input = x;
        for (int l = 0; l < layers; l++) {
            if (l > 0) {
                Tensor prev = w.out[l - 1];
                dropped[l] = training && dropouts[l] != null;
                if (dropped[l]) {
                    dropouts[l].draw(Dropout.seedFor(dropoutSeed, trainingCalls, l), prev.size());
                    dropouts[l].apply(prev, w.drop[l], 0);
                    input = w.drop[l];
                } else {
                    input = prev;
                }
            }
            layerInput[l] = input;
            Tensor inFlat = input.reshape(t * b, input.dim(2));
            for (int d = 0; d < dirs; d++) {
                Tensor init = initialStates == null ? null : initialStates[l * dirs + d];
                if (init != null
                        && (init.rank() != 3 || init.dim(0) != parts || init.dim(1) != b || init.dim(2) != hidden)) {
                    throw new IllegalArgumentException(
                            "Rnn.forward: initial state " + (l * dirs + d) + " is " + Arrays.toString(init.shape())
                                    + " but expected [" + parts + ", " + b + ", " + hidden + "]");
                }
            }
            final int layer = l;
            // the directions are independent: with two of them and two threads each runs on its own thread (their
            // products unsplit, which gives bit-identical results), writing its own columns of the output
            forEachDirection(d -> {
                RnnCell cell = cells[layer][d];
                cell.projectInput(inFlat, w.xProj[layer][d]);
                Tensor s0 = w.stateStep[layer][d][0];
                Tensor init = initialStates == null ? null : initialStates[layer * dirs + d];
                if (init == null) {
                    s0.zero();
                } else {
                    s0.copyFrom(init);
                }
                for (int s = 0; s < t; s++) {
                    int time = d == 0 ? s : t - 1 - s;
                    cell.forwardProjected(
                            w.xProjStep[layer][d][time],
                            w.stateStep[layer][d][s],
                            w.stateStep[layer][d][s + 1],
                            masked ? w.maskStep[time] : null,
                            training ? w.caches[layer][d][s] : null);
                    writeOutput(layer, d, time, w.stateStep[layer][d][s + 1], b, masked);
                }
            });
            if (config.residual() && l > 0) {
                ElementWise.axpy(1f, input, w.out[l]);
            }
        }
        if (training) {
            trainingCalls++;
        }
        trained = training;
        hasForward = true;
        backwardDone = false;
        return w.out[layers - 1];
    }

    /**
     * The state after the last step of {@code layer}/{@code direction}: {@code [stateParts, B, H]} (a view). For
     * the forward direction this is each sentence's state after its own last token; for the backward direction
     * the state after reading {@code t = 0}.
     */
    public Tensor finalState(int layer, int direction) {
        requireForward("finalState");
        return w.stateStep[layer][direction][w.steps];
    }

    /**
     * Backward pass. {@code dOutput: [T, B, directions·H]} (gradient w.r.t. the returned output; positions past a
     * sentence's length are ignored); {@code dFinalStates}: null or, per (layer, direction), null or the gradient
     * w.r.t. {@link #finalState} {@code [stateParts, B, H]}. Accumulates into the parameter gradients and returns
     * {@code dx: [T, B, inputSize]} (a view owned by this object).
     */
    public Tensor backward(Tensor dOutput, Tensor[] dFinalStates) {
        if (!hasForward || backwardDone) {
            throw new IllegalStateException(
                    "Rnn.backward: no forward to differentiate (backward before forward, or " + "called twice)");
        }
        if (!trained) {
            throw new IllegalStateException("Rnn.backward: the last forward ran with training = false");
        }
        int t = w.steps;
        int b = w.batch;
        if (dOutput.rank() != 3
                || dOutput.dim(0) != t
                || dOutput.dim(1) != b
                || dOutput.dim(2) != config.outputSize()) {
            throw new IllegalArgumentException("Rnn.backward: dOutput is " + Arrays.toString(dOutput.shape())
                    + " but the output is [" + t + ", " + b + ", " + config.outputSize() + "]");
        }
        if (dFinalStates != null && dFinalStates.length != layers * dirs) {
            throw new IllegalArgumentException("Rnn.backward: " + dFinalStates.length + " final-state gradients but "
                    + layers * dirs + " expected");
        }
        int k = config.truncation();
        Tensor dCur = dOutput;
        for (int l = layers - 1; l >= 0; l--) {
            Tensor input = layerInput[l];
            Tensor inFlat = input.reshape(t * b, input.dim(2));
            Tensor dInFlat = w.dIn[l].reshape(t * b, input.dim(2));
            for (int d = 0; d < dirs; d++) {
                Tensor dFinal = dFinalStates == null ? null : dFinalStates[l * dirs + d];
                if (dFinal != null && dFinal.size() != w.dState[d][0].size()) {
                    throw new IllegalArgumentException("Rnn.backward: final-state gradient " + (l * dirs + d) + " is "
                            + Arrays.toString(dFinal.shape()) + " but expected [" + parts + ", " + b + ", " + hidden
                            + "]");
                }
            }
            final int layer = l;
            final Tensor dOut = dCur;
            // the recurrences of the two directions concurrently (see forward); their input gradients, which add
            // into the same tensor, one after the other
            forEachDirection(d -> {
                RnnCell cell = cells[layer][d];
                Tensor dS = w.dState[d][0];
                Tensor dNext = w.dState[d][1];
                Tensor dFinal = dFinalStates == null ? null : dFinalStates[layer * dirs + d];
                if (dFinal == null) {
                    dS.zero();
                } else {
                    dS.copyFrom(dFinal);
                }
                for (int s = t - 1; s >= 0; s--) {
                    int time = d == 0 ? s : t - 1 - s;
                    addOutputGradient(dOut, d, time, dS, b);
                    cell.backwardProjected(w.caches[layer][d][s], dS, dNext, w.dXProjStep[d][time]);
                    if (k > 0 && s > 0 && s % k == 0) {
                        dNext.zero();
                    }
                    Tensor tmp = dS;
                    dS = dNext;
                    dNext = tmp;
                }
                w.initialGrad[layer][d].copyFrom(dS);
            });
            for (int d = 0; d < dirs; d++) {
                cells[l][d].backwardInput(inFlat, w.dXProj[d], dInFlat, d > 0);
            }
            if (config.residual() && l > 0) {
                ElementWise.axpy(1f, dCur, w.dIn[l]);
            }
            if (l > 0) {
                if (dropped[l]) {
                    dropouts[l].apply(w.dIn[l], w.dIn[l], 0);
                }
                dCur = w.dIn[l];
            }
        }
        backwardDone = true;
        return w.dIn[0];
    }

    /** Runs {@code body} for each direction: concurrently when there are two and the products may use two threads. */
    private void forEachDirection(java.util.function.IntConsumer body) {
        if (dirs == 2 && Gemm.get().threads() > 1) {
            ComputeThreads.shared().run(2, body);
        } else {
            for (int d = 0; d < dirs; d++) {
                body.accept(d);
            }
        }
    }

    /** Gradient w.r.t. the initial state of {@code layer}/{@code direction} after {@link #backward} (a view). */
    public Tensor initialStateGradient(int layer, int direction) {
        if (!backwardDone || !hasForward) {
            throw new IllegalStateException("Rnn.initialStateGradient: call backward first");
        }
        return w.initialGrad[layer][direction];
    }

    private void requireForward(String where) {
        if (!hasForward) {
            throw new IllegalStateException("Rnn." + where + ": call forward first");
        }
    }

    private boolean fillMask(int[] lengths, int t, int b) {
        if (lengths == null) {
            return false;
        }
        boolean any = false;
        for (int i = 0; i < b; i++) {
            if (lengths[i] < 0 || lengths[i] > t) {
                throw new IllegalArgumentException(
                        "Rnn.forward: lengths[" + i + "] = " + lengths[i] + " outside [0, " + t + "]");
            }
            any |= lengths[i] < t;
        }
        for (int s = 0; s < t; s++) {
            Tensor m = w.maskStep[s];
            for (int i = 0; i < b; i++) {
                m.set(i, s < lengths[i] ? 1f : 0f);
            }
        }
        return any;
    }

    private void writeOutput(int l, int d, int time, Tensor state, int b, boolean masked) {
        Tensor o = w.out[l];
        int width = dirs * hidden;
        FloatBuffer ob = o.buffer();
        for (int i = 0; i < b; i++) {
            int dst = o.offset() + (time * b + i) * width + d * hidden;
            if (masked && w.maskStep[time].get(i) == 0f) {
                for (int j = 0; j < hidden; j++) {
                    ob.put(dst + j, 0f);
                }
            } else {
                ob.put(dst, state.buffer(), state.offset() + i * hidden, hidden);
            }
        }
    }

    private void addOutputGradient(Tensor dOut, int d, int time, Tensor dS, int b) {
        int width = dirs * hidden;
        FloatBuffer gb = dOut.buffer();
        FloatBuffer sb = dS.buffer();
        boolean masked = lengths != null;
        for (int i = 0; i < b; i++) {
            if (masked && time >= lengths[i]) {
                continue;
            }
            int src = dOut.offset() + (time * b + i) * width + d * hidden;
            int dst = dS.offset() + i * hidden;
            for (int j = 0; j < hidden; j++) {
                sb.put(dst + j, sb.get(dst + j) + gb.get(src + j));
            }
        }
    }
}
