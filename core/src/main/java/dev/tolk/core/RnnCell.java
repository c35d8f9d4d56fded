package dev.tolk.core;

/**
 * One step of a recurrent network: {@code state_t = cell(x_t, state_{t−1})}, with a hand-written backward pass.
 *
 * <p><b>Shapes.</b> Inputs are batch-major {@code x: [B, inputSize]}. The state is {@code [stateParts, B, H]}:
 * one part ({@code h}) for {@link SimpleRnnCell} and {@link GruCell}, two ({@code h}, then {@code c}) for
 * {@link LstmCell}; {@code state.row(0)} (or the state itself, seen as a matrix, when there is one part) is the
 * output {@code h_t: [B, H]}. The input projection {@code xProj = x·W_xᵀ + b_x: [B, G·H]} stacks the
 * {@link #gateCount()} gate blocks.
 *
 * <p><b>Two ways to drive a cell.</b>
 * <ol>
 *   <li>Step by step from raw inputs (decoders): {@link #forward(Tensor, Tensor, Tensor, Tensor, StepCache)} and
 *       {@link #backward(StepCache, Tensor, Tensor, Tensor)}.
 *   <li>Over a whole sequence (encoders, {@link Rnn}): project every time step in ONE matrix product with
 *       {@link #projectInput} over {@code [T·B, inputSize]}, run
 *       {@link #forwardProjected} per step on row views {@code xProj.rows(t·B, B)}, then
 *       {@link #backwardProjected} per step in reverse order, and finally {@link #backwardInput} once over all
 *       steps (again one matrix product for {@code dW_x} and one for {@code dx}).
 * </ol>
 *
 * <p><b>Masks.</b> {@code mask: [B]} holds 1 for a real step and 0 for padding (or is null: all real). A masked row
 * carries its state forward unchanged ({@code state_t = state_{t−1}}) and gets zero gradient into the gates and
 * the input; its state gradient passes straight through.
 *
 * <p><b>Caches and buffer ownership.</b> A {@link StepCache} (from {@link #newStepCache}) records what backward
 * needs; it is owned by the caller, reusable after backward, and grows on demand if the batch grows. Forward
 * keeps <em>references</em> to {@code x}, {@code stateIn} and {@code mask}: the caller must not modify them until
 * the matching backward. Passing a null cache runs the forward-only (inference) path, which uses the cell's
 * scratch buffers (so a cell is not thread-safe). Backward OVERWRITES {@code dStateIn}, {@code dXProj} and
 * {@code dx} and ACCUMULATES into the parameter gradients; it consumes the cache (a second backward, or a
 * backward before forward, throws {@link IllegalStateException}). {@code stateOut} must not overlap
 * {@code stateIn}.
 *
 * <p><b>Beam search.</b> {@link #selectRows} gathers batch rows of a state into another tensor.
 */
public interface RnnCell extends Trainable {

    /** Parameter-name prefix given at construction. */
    String name();

    int inputSize();

    int hiddenSize();

    /** Number of gate blocks G (1 simple, 4 LSTM, 3 GRU); the projection width is G·H. */
    int gateCount();

    /** Number of state parts (1, or 2 for LSTM: h then c). */
    int stateParts();

    /** G·H. */
    default int projectionSize() {
        return gateCount() * hiddenSize();
    }

    /** A zero state {@code [stateParts, batch, H]}. */
    default Tensor newState(int batch) {
        return Tensor.zeros(stateParts(), batch, hiddenSize());
    }

    /** The output {@code h: [B, H]} part of a state {@code [stateParts, B, H]} (a view; allocates one object). */
    default Tensor output(Tensor state) {
        return state.row(0);
    }

    /** A cache for one step, sized for {@code maxBatch} rows (grows on demand). */
    StepCache newStepCache(int maxBatch);

    /** {@code xProj = x·W_xᵀ + b_x}: {@code x: [N, inputSize]}, {@code xProj: [N, G·H]} (one matrix product). */
    void projectInput(Tensor x, Tensor xProj);

    /**
     * One step from a precomputed projection. {@code xProj: [B, G·H]}, {@code stateIn, stateOut:
     * [stateParts, B, H]}, {@code mask: [B]} or null, {@code cache} or null for inference.
     */
    void forwardProjected(Tensor xProj, Tensor stateIn, Tensor stateOut, Tensor mask, StepCache cache);

    /**
     * Backward of one {@link #forwardProjected} step: given {@code dStateOut: [stateParts, B, H]} (the total
     * gradient reaching the step's output state), writes {@code dStateIn} and {@code dXProj: [B, G·H]} and
     * accumulates the recurrent parameters' gradients.
     */
    void backwardProjected(StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dXProj);

    /**
     * Backward of {@link #projectInput}: accumulates {@code dW_x += dXProjᵀ·x} and {@code db_x}; if {@code dx: [N,
     * inputSize]} is non-null writes (or, with {@code accumulate}, adds) {@code dXProj·W_x} into it.
     */
    void backwardInput(Tensor x, Tensor dXProj, Tensor dx, boolean accumulate);

    /**
     * Part of the input projection, for an input made of column blocks such as {@code [emb; ctx]}: writes (or, with
     * {@code accumulate}, adds) {@code xPart·W_x[:, from:from+c]ᵀ} into {@code xProj: [N, G·H]}, where
     * {@code xPart: [N, c]} holds input columns {@code [from, from+c)}. No bias (see {@link #addInputBias}). Lets a
     * decoder project the part known for all steps in one product and the rest per step.
     */
    void projectInputColumns(Tensor xPart, int from, Tensor xProj, boolean accumulate);

    /** Adds the input bias {@code b_x} to every row of {@code xProj: [N, G·H]}. */
    void addInputBias(Tensor xProj);

    /**
     * Backward of {@link #projectInputColumns}: {@code dW_x[:, from:from+c] += dXProjᵀ·xPart} and, if {@code dxPart:
     * [N, c]} is non-null, writes (or, with {@code accumulate}, adds) {@code dXProj·W_x[:, from:from+c]} into it.
     * The bias gradient is {@link #backwardInputBias}'s. A null {@code xPart} skips the weight gradient (its
     * {@code [N, c]} shape is then {@code dxPart}'s), so a time loop can take the input gradient per step and the
     * weight gradient of all steps in one product afterwards.
     */
    void backwardInputColumns(Tensor xPart, int from, Tensor dXProj, Tensor dxPart, boolean accumulate);

    /** Backward of {@link #addInputBias}: {@code db_x += } the column sums of {@code dXProj: [N, G·H]}. */
    void backwardInputBias(Tensor dXProj);

    /** One step from raw input {@code x: [B, inputSize]} (projects it, then {@link #forwardProjected}). */
    void forward(Tensor x, Tensor stateIn, Tensor stateOut, Tensor mask, StepCache cache);

    /**
     * Backward of {@link #forward(Tensor, Tensor, Tensor, Tensor, StepCache)}: writes {@code dStateIn} and, if
     * non-null, {@code dx: [B, inputSize]}; accumulates all parameter gradients.
     */
    void backward(StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dx);

    /**
     * {@code out[:, i, :] = state[:, rows[i], :]}: reorders/selects batch rows of a state (beam search).
     * {@code state: [stateParts, B, H]}, {@code out: [stateParts, rows.length, H]}, not overlapping.
     */
    default void selectRows(Tensor state, int[] rows, Tensor out) {
        ElementWise.gatherRows(state, 1, rows, out);
    }
}
