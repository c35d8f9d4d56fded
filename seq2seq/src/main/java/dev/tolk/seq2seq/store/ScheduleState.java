package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * The learning-rate schedule's place in a checkpoint: the rate in use and the schedule's own numbers
 * ({@link dev.tolk.core.LearningRateSchedule#exportState()}), stored as raw bits so they round-trip exactly.
 *
 * @param learningRate the optimiser's learning rate when the checkpoint was written
 * @param state the schedule's state (empty for a constant rate)
 */
public record ScheduleState(float learningRate, double[] state) {

    /** Copies the state. */
    public ScheduleState {
        state = state.clone();
    }

    @Override
    public double[] state() {
        return state.clone();
    }

    /** @return {@code {"learning_rate_bits": int, "state_bits": [long, ...]}} */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("learning_rate_bits", Float.floatToRawIntBits(learningRate));
        ArrayNode bits = o.putArray("state_bits");
        for (double d : state) {
            bits.add(Double.doubleToRawLongBits(d));
        }
        return o;
    }

    /**
     * @param node as written by {@link #toJson()}
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static ScheduleState fromJson(JsonNode node) {
        JsonNode lr = node.get("learning_rate_bits");
        JsonNode bits = node.get("state_bits");
        if (lr == null || !lr.canConvertToInt() || !lr.isIntegralNumber()) {
            throw new IllegalArgumentException("schedule.learning_rate_bits is missing or not an integer");
        }
        if (bits == null || !bits.isArray()) {
            throw new IllegalArgumentException("schedule.state_bits is missing or not an array");
        }
        double[] state = new double[bits.size()];
        for (int i = 0; i < state.length; i++) {
            if (!bits.get(i).isIntegralNumber()) {
                throw new IllegalArgumentException("schedule.state_bits[" + i + "] is not an integer");
            }
            state[i] = Double.longBitsToDouble(bits.get(i).asLong());
        }
        return new ScheduleState(Float.intBitsToFloat(lr.intValue()), state);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleState s
                && Float.floatToRawIntBits(learningRate) == Float.floatToRawIntBits(s.learningRate)
                && Arrays.equals(state, s.state);
    }

    @Override
    public int hashCode() {
        return 31 * Float.hashCode(learningRate) + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "ScheduleState[learningRate=" + learningRate + ", state=" + Arrays.toString(state) + "]";
    }
}
