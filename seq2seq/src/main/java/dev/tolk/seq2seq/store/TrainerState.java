package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The training loop's own state in a checkpoint: which optimiser ran and where early stopping stands. The best
 * value is stored as raw bits so it round-trips exactly (NaN before the first validation).
 *
 * @param optimizer the optimiser kind, e.g. {@code adam}
 * @param best the best validation value of {@code train.best_metric} so far, NaN when none
 * @param bestStep the step of that validation, −1 when none
 * @param badValidations validations since the best one
 */
public record TrainerState(String optimizer, double best, long bestStep, int badValidations) {

    /** Validates. */
    public TrainerState {
        if (optimizer == null || optimizer.isBlank()) {
            throw new IllegalArgumentException("trainer_state.optimizer is missing");
        }
        if (bestStep < -1 || badValidations < 0) {
            throw new IllegalArgumentException("trainer_state: best_step must be >= -1 and bad_validations >= 0, got "
                    + bestStep + " and " + badValidations);
        }
    }

    /** @return {@code {"optimizer", "best_bits", "best_step", "bad_validations"}} */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("optimizer", optimizer);
        o.put("best_bits", Double.doubleToRawLongBits(best));
        o.put("best_step", bestStep);
        o.put("bad_validations", badValidations);
        return o;
    }

    /**
     * @param node as written by {@link #toJson()}
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static TrainerState fromJson(JsonNode node) {
        JsonNode optimizer = node.get("optimizer");
        if (optimizer == null || !optimizer.isTextual()) {
            throw new IllegalArgumentException("trainer_state.optimizer is missing or not a string");
        }
        return new TrainerState(
                optimizer.asText(),
                Double.longBitsToDouble(integer(node, "trainer_state", "best_bits")),
                integer(node, "trainer_state", "best_step"),
                (int) Math.min(Integer.MAX_VALUE, integer(node, "trainer_state", "bad_validations")));
    }

    /** @return the integer field {@code section.field} of a header object */
    static long integer(JsonNode node, String section, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(section + "." + field + " is missing or not an integer");
        }
        return n.longValue();
    }
}
