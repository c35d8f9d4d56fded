package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model came from: stored in every model file's header.
 *
 * @param corpusSha256 lower-case hex SHA-256 of the training corpus file, 64 characters
 * @param seed the training seed
 * @param tolkVersion the Tolk version that trained the model, e.g. {@code 0.1.0}
 * @param created when the model was written
 * @param metrics final metrics by name (e.g. {@code valid_ppl}, {@code valid_bleu}); NaN is stored as null and read
 *     back as NaN
 * @param parents the models this one was made from (the inputs of an average, the model a fine-tuning run started
 *     from); empty for a model trained from scratch
 */
public record Provenance(
        String corpusSha256,
        long seed,
        String tolkVersion,
        Instant created,
        Map<String, Double> metrics,
        List<ParentModel> parents) {

    /** A model trained from scratch: no parents. */
    public Provenance(
            String corpusSha256, long seed, String tolkVersion, Instant created, Map<String, Double> metrics) {
        this(corpusSha256, seed, tolkVersion, created, metrics, List.of());
    }

    /** Validates and copies the metrics (insertion order kept). */
    public Provenance {
        if (corpusSha256 == null || !corpusSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "corpusSha256 must be 64 lower-case hex digits, got '" + corpusSha256 + "'");
        }
        if (tolkVersion == null || tolkVersion.isBlank()) {
            throw new IllegalArgumentException("tolkVersion must be non-blank");
        }
        if (created == null) {
            throw new IllegalArgumentException("created is required");
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        parents = List.copyOf(parents);
    }

    /** @return this provenance with {@code parents} in place of its own */
    public Provenance withParents(List<ParentModel> parents) {
        return new Provenance(corpusSha256, seed, tolkVersion, created, metrics, parents);
    }

    /** @return this provenance with {@code metrics} in place of its own */
    public Provenance withMetrics(Map<String, Double> metrics) {
        return new Provenance(corpusSha256, seed, tolkVersion, created, metrics, parents);
    }

    /** @return this provenance as a JSON object */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("corpus_sha256", corpusSha256);
        o.put("seed", seed);
        o.put("tolk_version", tolkVersion);
        o.put("created", created.toString());
        ObjectNode m = o.putObject("metrics");
        metrics.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                m.put(k, v);
            } else {
                m.putNull(k);
            }
        });
        if (!parents.isEmpty()) {
            ArrayNode p = o.putArray("parents");
            parents.forEach(x -> p.add(x.toJson()));
        }
        return o;
    }

    /**
     * @param node as written by {@link #toJson()}
     * @return the provenance
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static Provenance fromJson(JsonNode node) {
        try {
            Map<String, Double> metrics = new LinkedHashMap<>();
            node.path("metrics")
                    .fields()
                    .forEachRemaining(e -> metrics.put(
                            e.getKey(), e.getValue().isNumber() ? e.getValue().doubleValue() : Double.NaN));
            JsonNode seed = node.get("seed");
            if (seed == null || !seed.canConvertToLong()) {
                throw new IllegalArgumentException("provenance.seed is missing");
            }
            List<ParentModel> parents = new ArrayList<>();
            node.path("parents").forEach(p -> parents.add(ParentModel.fromJson(p)));
            return new Provenance(
                    node.path("corpus_sha256").asText(null),
                    seed.longValue(),
                    node.path("tolk_version").asText(null),
                    Instant.parse(node.path("created").asText("")),
                    metrics,
                    parents);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("provenance.created is not an ISO-8601 instant", e);
        }
    }
}
