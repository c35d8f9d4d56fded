package dev.tolk.seq2seq.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.CellType;

/**
 * The architecture of a {@link CharLanguageModel}: {@code x_t = input(c_t)}, {@code h_t = rnn(x_t, h_{t−1})} over
 * {@code layers} stacked cells, {@code p(c_{t+1} | c_{≤t}) = softmax(W_o·h_t + b_o)}. Immutable, validated on
 * construction.
 *
 * @param cell the recurrent cell (SimpleRNN, LSTM or GRU)
 * @param vocabularySize V, the number of character ids including the four specials of
 *     {@link dev.tolk.tokenizer.Vocabulary}
 * @param embeddingSize E, the width of a learned embedding {@code [V, E]}, or 0 for one-hot input vectors of width V
 * @param hiddenSize H, the state width of every layer
 * @param layers stacked layers, ≥ 1
 */
public record LmConfig(CellType cell, int vocabularySize, int embeddingSize, int hiddenSize, int layers) {

    /** Upper bound of sizes, to reject typos before allocating gigabytes. */
    public static final int MAX_SIZE = 1 << 16;

    /** Validates every field. */
    public LmConfig {
        if (cell == null) {
            throw new IllegalArgumentException("LmConfig: cell is required (rnn, lstm or gru)");
        }
        check("vocabularySize", vocabularySize, 5, 1 << 21);
        if (embeddingSize != 0) {
            check("embeddingSize", embeddingSize, 1, MAX_SIZE);
        }
        check("hiddenSize", hiddenSize, 1, MAX_SIZE);
        check("layers", layers, 1, 16);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "LmConfig: " + name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    /** @return whether the input is one-hot (no embedding table) */
    public boolean oneHot() {
        return embeddingSize == 0;
    }

    /** @return the width of the first layer's input: E, or V for one-hot input */
    public int inputSize() {
        return oneHot() ? vocabularySize : embeddingSize;
    }

    /** @return this configuration as JSON, e.g. {@code {"cell":"lstm","vocabulary_size":80,...}} */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("cell", cell.configName());
        o.put("vocabulary_size", vocabularySize);
        o.put("embedding_size", embeddingSize);
        o.put("hidden_size", hiddenSize);
        o.put("layers", layers);
        return o;
    }

    /**
     * @param node as written by {@link #toJson()}
     * @return the configuration
     * @throws IllegalArgumentException when a field is missing or invalid
     */
    public static LmConfig fromJson(JsonNode node) {
        return new LmConfig(
                CellType.parse(node.path("cell").asText("")),
                requireInt(node, "vocabulary_size"),
                requireInt(node, "embedding_size"),
                requireInt(node, "hidden_size"),
                requireInt(node, "layers"));
    }

    static int requireInt(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an integer");
        }
        return n.intValue();
    }
}
