package dev.tolk.core;

/**
 * Chooses the learning rate from the validation history. The trainer calls {@link #observe(double)} after each
 * validation and applies {@link #rate()} to its {@link Optimizer}. State round-trips through
 * {@link #exportState()}/{@link #importState(double[])} for exact resumption.
 */
public interface LearningRateSchedule {

    /** The learning rate to use now. */
    float rate();

    /** Records a validation loss (lower is better); returns true if the rate changed. */
    boolean observe(double validationLoss);

    /** The schedule's mutable state as numbers. */
    double[] exportState();

    /** Restores {@link #exportState()}'s output. */
    void importState(double[] state);

    /** A constant rate. */
    static LearningRateSchedule constant(float rate) {
        if (!(rate > 0f)) {
            throw new IllegalArgumentException("LearningRateSchedule.constant: rate must be > 0, got " + rate);
        }
        return new LearningRateSchedule() {
            @Override
            public float rate() {
                return rate;
            }

            @Override
            public boolean observe(double validationLoss) {
                return false;
            }

            @Override
            public double[] exportState() {
                return new double[0];
            }

            @Override
            public void importState(double[] state) {
                if (state.length != 0) {
                    throw new IllegalArgumentException(
                            "constant schedule has no state, got " + state.length + " values");
                }
            }
        };
    }
}
