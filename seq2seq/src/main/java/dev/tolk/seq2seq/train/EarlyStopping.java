package dev.tolk.seq2seq.train;

import dev.tolk.seq2seq.config.BestMetric;
import dev.tolk.seq2seq.store.TrainerState;

/**
 * Which validation is the best so far by {@code train.best_metric} (BLEU: higher is better; perplexity: lower), and
 * when to stop: after {@code train.early_stopping_patience} validations in a row without improvement (0: never).
 * Its state goes into every checkpoint ({@link TrainerState}).
 */
final class EarlyStopping {
    private final BestMetric metric;
    private final int patience;
    private double best = Double.NaN;
    private long bestStep = -1;
    private int badValidations;

    EarlyStopping(BestMetric metric, int patience) {
        this.metric = metric;
        this.patience = patience;
    }

    /** @return {@code bleu} or {@code ppl} */
    String metricName() {
        return metric == BestMetric.BLEU ? "bleu" : "ppl";
    }

    /** @return the value of the best metric in {@code m} */
    double value(Validator.Metrics m) {
        return metric == BestMetric.BLEU ? m.bleu() : m.ppl();
    }

    /** @return the metric as a loss (lower is better) for the learning-rate schedule: −BLEU or perplexity */
    double asLoss(Validator.Metrics m) {
        return metric == BestMetric.BLEU ? -m.bleu() : m.ppl();
    }

    /**
     * Records a validation as the best when it improves on the best so far (the first one always does).
     *
     * @return whether it is the new best
     */
    boolean offer(Validator.Metrics m, long step) {
        double value = value(m);
        boolean improved = Double.isNaN(best) || (metric == BestMetric.BLEU ? value > best : value < best);
        if (improved) {
            best = value;
            bestStep = step;
        }
        return improved;
    }

    /**
     * Counts a scheduled validation towards patience.
     *
     * @param improved what {@link #offer} returned for it
     * @return whether training should stop now
     */
    boolean count(boolean improved) {
        badValidations = improved ? 0 : badValidations + 1;
        return patience > 0 && badValidations >= patience;
    }

    /** @return the step of the best validation, −1 before the first */
    long bestStep() {
        return bestStep;
    }

    /** @return the best value so far (NaN before the first validation) */
    double best() {
        return best;
    }

    /** @return validations since the best one */
    int badValidations() {
        return badValidations;
    }

    /** Restores the state of a checkpoint. */
    void restore(TrainerState state) {
        best = state.best();
        bestStep = state.bestStep();
        badValidations = state.badValidations();
    }
}
