package dev.tolk.seq2seq.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one validation.
 *
 * @param step updates done when validating
 * @param epoch the current epoch, 0-based
 * @param metrics by name, e.g. {@code ppl}, {@code bleu}, {@code loss} (insertion order kept)
 * @param best whether this validation is the best so far by {@code train.best_metric}
 * @param learningRate the learning rate after this validation (decay applied)
 */
public record ValidationEvent(long step, int epoch, Map<String, Double> metrics, boolean best, double learningRate) {
    /** Copies the metrics. */
    public ValidationEvent {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
