package dev.tolk.core;

import java.util.List;

/**
 * Updates parameters from their accumulated gradients. Typical loop:
 * <pre>
 *   optimizer.zeroGrad();
 *   ... forward, backward (accumulates Parameter.grad()) ...
 *   clipper.clip(optimizer.parameters());
 *   optimizer.step();
 * </pre>
 * {@link #step()} does not clear gradients. State (moments, step count, learning rate) round-trips through
 * {@link #exportState()} / {@link #importState(OptimizerState)} so that a checkpoint resumes exactly.
 */
public interface Optimizer {

    /** The parameters it updates (unmodifiable, fixed order). */
    List<Parameter> parameters();

    /** Applies one update and increments {@link #stepCount()}. */
    void step();

    /** Zeroes every parameter's gradient (sparse parameters: only touched rows). */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    float learningRate();

    /** Sets the learning rate (e.g. from a {@link LearningRateSchedule}); must be > 0. */
    void setLearningRate(float learningRate);

    /** Updates applied so far. */
    long stepCount();

    /** A deep copy of the state. */
    OptimizerState exportState();

    /**
     * Restores a state exported by the same kind of optimiser over parameters with the same names and sizes.
     *
     * @throws IllegalArgumentException naming the mismatch otherwise
     */
    void importState(OptimizerState state);
}
