package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of every random generator of a training run, as a base seed plus named counters (e.g. draws taken from
 * the dropout stream, shuffles done by the batcher), from which each generator is rebuilt deterministically on
 * resume. Generators whose state cannot be expressed this way must be re-derived (seed, stream, counter).
 *
 * @param seed the run's base seed
 * @param counters named counters, in insertion order
 */
public record RngState(long seed, Map<String, Long> counters) {

    /** Copies the counters. */
    public RngState {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** @return this state as a JSON object */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("seed", seed);
        ObjectNode c = o.putObject("counters");
        counters.forEach(c::put);
        return o;
    }

    /**
     * @param node as written by {@link #toJson()}
     * @return the state
     * @throws IllegalArgumentException on missing or non-integer fields
     */
    public static RngState fromJson(JsonNode node) {
        JsonNode seed = node.get("seed");
        if (seed == null || !seed.isIntegralNumber()) {
            throw new IllegalArgumentException("rng.seed is missing or not an integer");
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        node.path("counters").fields().forEachRemaining(e -> {
            if (!e.getValue().isIntegralNumber()) {
                throw new IllegalArgumentException("rng counter '" + e.getKey() + "' is not an integer");
            }
            counters.put(e.getKey(), e.getValue().longValue());
        });
        return new RngState(seed.longValue(), counters);
    }
}
