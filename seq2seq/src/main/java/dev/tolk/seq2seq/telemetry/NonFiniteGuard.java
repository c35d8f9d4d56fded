package dev.tolk.seq2seq.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Detects NaN and infinite values in a training step's loss, gradients or weights, so the trainer can stop cleanly
 * at the last good checkpoint with a report naming exactly which buffers went bad. Stateless; thread-safe.
 */
public final class NonFiniteGuard {
    private NonFiniteGuard() {}

    /**
     * @param values named scalars (e.g. {@code loss}, {@code grad_norm}), checked in iteration order
     * @param buffers named float buffers (e.g. gradients), checked in iteration order
     * @return the findings; {@link NonFiniteReport#isClean()} when everything is finite
     */
    public static NonFiniteReport scan(Map<String, Double> values, Map<String, float[]> buffers) {
        List<NonFiniteReport.Finding> findings = new ArrayList<>();
        values.forEach((name, v) -> {
            if (!Double.isFinite(v)) {
                findings.add(new NonFiniteReport.Finding(
                        name,
                        Double.isNaN(v) ? 1 : 0,
                        v == Double.POSITIVE_INFINITY ? 1 : 0,
                        v == Double.NEGATIVE_INFINITY ? 1 : 0,
                        0,
                        1));
            }
        });
        buffers.forEach((name, b) -> {
            NonFiniteReport.Finding f = scan(name, b);
            if (f != null) {
                findings.add(f);
            }
        });
        return new NonFiniteReport(findings);
    }

    /**
     * @param name the buffer's name
     * @param buffer the values
     * @return the finding, or null when every value is finite
     */
    public static NonFiniteReport.Finding scan(String name, float[] buffer) {
        int first = -1;
        for (int i = 0; i < buffer.length; i++) {
            // (x - x) is 0 for finite x and NaN for NaN and infinities: one branch-free test per element.
            if (buffer[i] - buffer[i] != 0f) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return null;
        }
        int nan = 0;
        int pos = 0;
        int neg = 0;
        for (int i = first; i < buffer.length; i++) {
            float v = buffer[i];
            if (Float.isNaN(v)) {
                nan++;
            } else if (v == Float.POSITIVE_INFINITY) {
                pos++;
            } else if (v == Float.NEGATIVE_INFINITY) {
                neg++;
            }
        }
        return new NonFiniteReport.Finding(name, nan, pos, neg, first, buffer.length);
    }
}
