package dev.tolk.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The translation of one sentence, as the service returns it.
 *
 * @param source the input sentence
 * @param text the best translation; empty for an empty input
 * @param score the best translation's length-normalised log-probability (higher is better), NaN for an empty input
 * @param nbest the n best hypotheses, best first; empty unless more than one was asked for
 * @param attention the best translation's attention weights, or null when not asked for (or the input was chunked)
 * @param warning why the input was not translated whole (over the model's token limit), or null
 */
public record Translation(
        String source, String text, double score, List<Alternative> nbest, AttentionMap attention, String warning) {

    /**
     * One of the n best hypotheses.
     *
     * @param text the translation
     * @param score its length-normalised log-probability
     */
    public record Alternative(String text, double score) {}

    /**
     * @return {@code {"source", "translation", "score"}} (score null for an empty input), plus {@code "nbest"}
     *     ({@code [{"translation", "score"}]}), {@code "attention"} and {@code "warning"} when present
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("source", source);
        o.put("translation", text);
        putScore(o, score);
        if (!nbest.isEmpty()) {
            ArrayNode a = o.putArray("nbest");
            for (Alternative h : nbest) {
                ObjectNode n = a.addObject();
                n.put("translation", h.text());
                putScore(n, h.score());
            }
        }
        if (attention != null) {
            o.set("attention", attention.toJson());
        }
        if (warning != null) {
            o.put("warning", warning);
        }
        return o;
    }

    private static void putScore(ObjectNode o, double score) {
        if (Double.isFinite(score)) {
            o.put("score", score);
        } else {
            o.putNull("score");
        }
    }

    /** Requires the texts; copies the list. */
    public Translation {
        if (source == null || text == null) {
            throw new IllegalArgumentException("source and text are required");
        }
        nbest = List.copyOf(nbest);
    }
}
