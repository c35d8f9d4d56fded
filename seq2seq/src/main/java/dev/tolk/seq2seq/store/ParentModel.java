package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A model or checkpoint another model was made from: recorded in the made model's {@link Provenance}.
 *
 * @param relation how the model was made from it: {@link #AVERAGED} (one of the inputs of a weight average) or
 *     {@link #FINE_TUNED} (the starting weights of a fine-tuning run, {@code tolk train --init-from})
 * @param file the path it was read from, as given
 * @param sha256 lower-case hex SHA-256 of that file's bytes
 * @param step the training step its weights are from (a checkpoint's step, a model's {@code step} metric), −1 when
 *     unknown
 */
public record ParentModel(String relation, String file, String sha256, long step) {
    /** The relation of an input of a weight average. */
    public static final String AVERAGED = "averaged";
    /** The relation of the model a fine-tuning run started from. */
    public static final String FINE_TUNED = "fine_tuned_from";

    /** Validates. */
    public ParentModel {
        if (relation == null || relation.isBlank() || file == null) {
            throw new IllegalArgumentException("a parent model needs a relation and a file");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("parent sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        if (step < -1) {
            throw new IllegalArgumentException("parent step must be >= -1, got " + step);
        }
    }

    /** @return {@code {"relation", "file", "sha256", "step"}} */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("relation", relation);
        o.put("file", file);
        o.put("sha256", sha256);
        o.put("step", step);
        return o;
    }

    /**
     * @param node as written by {@link #toJson()}
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static ParentModel fromJson(JsonNode node) {
        JsonNode step = node.get("step");
        if (step == null || !step.canConvertToLong()) {
            throw new IllegalArgumentException("provenance.parents[].step is missing");
        }
        return new ParentModel(
                node.path("relation").asText(null),
                node.path("file").asText(null),
                node.path("sha256").asText(null),
                step.longValue());
    }
}
