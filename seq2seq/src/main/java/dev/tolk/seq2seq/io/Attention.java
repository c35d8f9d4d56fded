package dev.tolk.seq2seq.io;

import java.util.List;

/**
 * The attention weights of one translation.
 *
 * @param sourceTokens source symbols labelling the columns, {@code </s>} last
 * @param targetTokens target symbols labelling the rows
 * @param weights {@code [targetTokens][sourceTokens]}: row i is the attention distribution when target symbol i was
 *     produced
 */
public record Attention(List<String> sourceTokens, List<String> targetTokens, float[][] weights) {
    /** Copies the lists and checks the shape. */
    public Attention {
        sourceTokens = List.copyOf(sourceTokens);
        targetTokens = List.copyOf(targetTokens);
        if (weights.length != targetTokens.size()) {
            throw new IllegalArgumentException(
                    "attention has " + weights.length + " rows for " + targetTokens.size() + " target tokens");
        }
        for (float[] row : weights) {
            if (row.length != sourceTokens.size()) {
                throw new IllegalArgumentException(
                        "attention row has " + row.length + " columns for " + sourceTokens.size() + " source tokens");
            }
        }
    }
}
