package dev.tolk.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.tokenizer.SpaceMarker;
import java.util.List;

/**
 * The attention weights of one translation: which source symbols the decoder looked at for each target symbol.
 *
 * @param sourceSymbols the model's source symbols, {@code </s>} last (the columns)
 * @param targetSymbols the output symbols, without {@code </s>} (the rows)
 * @param weights {@code [targetSymbols][sourceSymbols]}; each row sums to 1
 */
public record AttentionMap(List<String> sourceSymbols, List<String> targetSymbols, float[][] weights) {
    /** Copies the lists and checks the shape. */
    public AttentionMap {
        sourceSymbols = List.copyOf(sourceSymbols);
        targetSymbols = List.copyOf(targetSymbols);
        if (weights.length != targetSymbols.size()) {
            throw new IllegalArgumentException(
                    "attention has " + weights.length + " rows for " + targetSymbols.size() + " target symbols");
        }
        for (float[] row : weights) {
            if (row.length != sourceSymbols.size()) {
                throw new IllegalArgumentException(
                        "attention row has " + row.length + " columns for " + sourceSymbols.size() + " source symbols");
            }
        }
    }

    /** @return {@code {"source": [...], "target": [...], "weights": [[...], ...]}} (rows: target symbols) */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode s = o.putArray("source");
        sourceSymbols.forEach(s::add);
        ArrayNode t = o.putArray("target");
        targetSymbols.forEach(t::add);
        ArrayNode w = o.putArray("weights");
        for (float[] row : weights) {
            ArrayNode r = w.addArray();
            for (float v : row) {
                r.add(v);
            }
        }
        return o;
    }

    /** @return the source symbols as people read them (space markers dropped) */
    public List<String> sourceLabels() {
        return sourceSymbols.stream().map(AttentionMap::label).toList();
    }

    /** @return the target symbols as people read them (space markers dropped) */
    public List<String> targetLabels() {
        return targetSymbols.stream().map(AttentionMap::label).toList();
    }

    /**
     * @param symbol a model symbol, e.g. {@code ▁chat} or {@code ing}
     * @return the symbol without its space marker ({@code chat}); a symbol that is only a marker stays as it is
     */
    public static String label(String symbol) {
        String s = symbol.replace(String.valueOf(SpaceMarker.SPACE), "");
        return s.isEmpty() ? symbol : s;
    }
}
