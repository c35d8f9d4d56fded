package dev.tolk.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exportable state of an {@link Optimizer}, enough to resume training exactly: the optimiser kind, the number of
 * steps taken, the learning rate, and named float arrays (e.g. {@code enc.wx/m} and {@code enc.wx/v} for Adam,
 * {@code enc.wx/momentum} for SGD). Arrays are copied in and out; the map keeps insertion order.
 */
public record OptimizerState(String kind, long step, float learningRate, Map<String, float[]> arrays) {

    public OptimizerState {
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException("OptimizerState: kind is required");
        }
        if (step < 0) {
            throw new IllegalArgumentException("OptimizerState: step must be >= 0, got " + step);
        }
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            copy.put(e.getKey(), e.getValue().clone());
        }
        arrays = Collections.unmodifiableMap(copy);
    }

    /** A copy of the named array; throws if absent. */
    public float[] array(String name) {
        float[] a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException(
                    "OptimizerState: no array named " + name + " (have " + arrays.keySet() + ")");
        }
        return a.clone();
    }
}
