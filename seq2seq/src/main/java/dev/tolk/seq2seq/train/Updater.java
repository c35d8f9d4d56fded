package dev.tolk.seq2seq.train;

import dev.tolk.core.Adam;
import dev.tolk.core.GradientClipper;
import dev.tolk.core.LearningRateSchedule;
import dev.tolk.core.OptimizerState;
import dev.tolk.core.Parameter;
import dev.tolk.seq2seq.telemetry.NonFiniteGuard;
import dev.tolk.seq2seq.telemetry.NonFiniteReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameter update, the same for every model trained here (the translator, the character language model and
 * the seq2seq benchmark): zero the gradients, run the forward and backward pass ({@link Objective}), measure the
 * global gradient norm and clip it to θ ({@code clipNorm}; 0 measures without clipping), check that loss and norm are
 * finite, and apply Adam. A non-finite loss or norm leaves the parameters as they were and returns an update that
 * is not {@link Update#applied() applied}, with a {@link NonFiniteReport} naming the loss, the norm and every
 * gradient and weight that holds NaN or ±Inf. Between validations the learning rate follows the
 * {@link LearningRateSchedule} ({@link #observe}).
 *
 * <p>The optimiser's and the schedule's state round-trip through {@link #exportOptimizer()},
 * {@link #exportSchedule()} and {@link #restore}, so a checkpoint resumes exactly. Not thread-safe.
 */
public final class Updater {

    /** The forward and backward pass of one update. */
    @FunctionalInterface
    public interface Objective {
        /**
         * Runs the forward pass and the backward pass, accumulating every parameter's gradient.
         *
         * @return the loss of this update (the mean per predicted token)
         */
        double forwardBackward();
    }

    /**
     * What one update did.
     *
     * @param loss the mean loss of the update's batch
     * @param gradNorm the global gradient norm before clipping
     * @param nonFinite what was NaN or infinite, or null when the update was applied
     */
    public record Update(double loss, double gradNorm, NonFiniteReport nonFinite) {
        /** @return whether the parameters were updated (loss and norm were finite) */
        public boolean applied() {
            return nonFinite == null;
        }
    }

    private final List<Parameter> parameters;
    private final Adam optimizer;
    private final GradientClipper clipper;
    private final LearningRateSchedule schedule;

    /**
     * @param parameters the parameters to train, in a fixed order
     * @param learningRate Adam's initial learning rate
     * @param clipNorm the global-norm clipping threshold θ, or 0 for none
     * @param schedule the learning-rate schedule (its initial rate should be {@code learningRate})
     */
    public Updater(List<Parameter> parameters, float learningRate, double clipNorm, LearningRateSchedule schedule) {
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("clipNorm must be >= 0, got " + clipNorm);
        }
        this.parameters = List.copyOf(parameters);
        this.optimizer = new Adam(this.parameters, learningRate);
        this.clipper = clipNorm > 0 ? new GradientClipper(clipNorm) : null;
        this.schedule = schedule;
    }

    /** An updater with a constant learning rate. */
    public static Updater constantRate(List<Parameter> parameters, float learningRate, double clipNorm) {
        return new Updater(parameters, learningRate, clipNorm, LearningRateSchedule.constant(learningRate));
    }

    /**
     * Runs one update.
     *
     * @param objective the forward and backward pass
     * @return the loss and norm, and whether the update was applied
     */
    public Update update(Objective objective) {
        optimizer.zeroGrad();
        double loss = objective.forwardBackward();
        double norm = clipper != null ? clipper.clip(parameters) : GradientClipper.globalNorm(parameters);
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            return new Update(loss, norm, nonFinite(loss, norm));
        }
        optimizer.step();
        return new Update(loss, norm, null);
    }

    private NonFiniteReport nonFinite(double loss, double norm) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", loss);
        values.put("grad_norm", norm);
        Map<String, float[]> buffers = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            buffers.put("grad/" + p.name(), p.grad().toArray());
            buffers.put("weight/" + p.name(), p.value().toArray());
        }
        return NonFiniteGuard.scan(values, buffers);
    }

    /**
     * Tells the schedule a validation result and applies its rate.
     *
     * @param validationLoss lower is better (e.g. perplexity, or −BLEU)
     * @return whether the learning rate changed
     */
    public boolean observe(double validationLoss) {
        if (schedule.observe(validationLoss)) {
            optimizer.setLearningRate(schedule.rate());
            return true;
        }
        return false;
    }

    /** @return the learning rate of the next update */
    public float learningRate() {
        return optimizer.learningRate();
    }

    /** @return a copy of the optimiser's state (moments, step count, learning rate) */
    public OptimizerState exportOptimizer() {
        return optimizer.exportState();
    }

    /** @return the schedule's state */
    public double[] exportSchedule() {
        return schedule.exportState();
    }

    /**
     * Restores the optimiser and the schedule from a checkpoint.
     *
     * @throws IllegalArgumentException when the state does not fit these parameters or this schedule
     */
    public void restore(OptimizerState optimizerState, double[] scheduleState) {
        optimizer.importState(optimizerState);
        schedule.importState(scheduleState);
    }
}
