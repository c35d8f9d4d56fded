package dev.tolk.core;

/**
 * Multiplies the learning rate by {@code factor} when the validation loss has not improved by more than
 * {@code threshold} (relative) for {@code patience} consecutive observations, never going below {@code minRate}
 * (as {@code torch.optim.lr_scheduler.ReduceLROnPlateau} in "min"/"rel" mode). After a decay the patience counter
 * restarts.
 */
public final class DecayOnPlateau implements LearningRateSchedule {
    private final float factor;
    private final int patience;
    private final float minRate;
    private final double threshold;
    private float rate;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;

    /**
     * @param initialRate starting rate (> 0)
     * @param factor multiplier in (0, 1)
     * @param patience observations without improvement tolerated (≥ 0)
     * @param minRate lower bound (≥ 0)
     * @param threshold relative improvement that counts (≥ 0), e.g. 1e-4
     */
    public DecayOnPlateau(float initialRate, float factor, int patience, float minRate, double threshold) {
        if (!(initialRate > 0f) || !(factor > 0f && factor < 1f) || patience < 0 || minRate < 0f || threshold < 0) {
            throw new IllegalArgumentException("DecayOnPlateau: need initialRate > 0, factor in (0, 1), patience >= 0, "
                    + "minRate >= 0, threshold >= 0; got " + initialRate + ", " + factor + ", " + patience + ", "
                    + minRate
                    + ", " + threshold);
        }
        this.rate = initialRate;
        this.factor = factor;
        this.patience = patience;
        this.minRate = minRate;
        this.threshold = threshold;
    }

    @Override
    public float rate() {
        return rate;
    }

    @Override
    public boolean observe(double validationLoss) {
        if (validationLoss < best * (1.0 - threshold)) {
            best = validationLoss;
            bad = 0;
            return false;
        }
        bad++;
        if (bad > patience) {
            bad = 0;
            float next = Math.max(minRate, rate * factor);
            boolean changed = next < rate;
            rate = next;
            return changed;
        }
        return false;
    }

    /** {@code [rate, best, badCount]}. */
    @Override
    public double[] exportState() {
        return new double[] {rate, best, bad};
    }

    @Override
    public void importState(double[] state) {
        if (state.length != 3) {
            throw new IllegalArgumentException("DecayOnPlateau.importState: expected 3 values, got " + state.length);
        }
        rate = (float) state[0];
        best = state[1];
        bad = (int) state[2];
    }
}
