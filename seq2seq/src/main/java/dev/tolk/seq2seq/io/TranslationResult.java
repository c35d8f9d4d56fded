package dev.tolk.seq2seq.io;

import java.util.List;

/**
 * The translation of one input record, as written by a {@link TranslationOutput}.
 *
 * @param source the input sentence
 * @param translation the best translation; empty for an empty input
 * @param score the best translation's score, or NaN when there is none (empty input)
 * @param nbest the n best hypotheses, best first (may be empty)
 * @param sourceTokens source tokens labelling the attention columns (may be empty)
 * @param targetTokens target tokens labelling the attention rows (may be empty)
 * @param attention attention weights {@code [targetTokens][sourceTokens]}, or null when not requested
 */
public record TranslationResult(
        String source,
        String translation,
        double score,
        List<Hypothesis> nbest,
        List<String> sourceTokens,
        List<String> targetTokens,
        float[][] attention) {

    /** Requires the texts and copies the lists; checks the attention shape against the token lists when given. */
    public TranslationResult {
        if (source == null || translation == null) {
            throw new IllegalArgumentException("source and translation are required");
        }
        nbest = List.copyOf(nbest);
        sourceTokens = List.copyOf(sourceTokens);
        targetTokens = List.copyOf(targetTokens);
        if (attention != null && !targetTokens.isEmpty()) {
            if (attention.length != targetTokens.size()) {
                throw new IllegalArgumentException(
                        "attention has " + attention.length + " rows for " + targetTokens.size() + " target tokens");
            }
            for (float[] row : attention) {
                if (row.length != sourceTokens.size()) {
                    throw new IllegalArgumentException("attention row has " + row.length + " columns for "
                            + sourceTokens.size() + " source tokens");
                }
            }
        }
    }

    /** @return a result with only the best translation and its score */
    public static TranslationResult of(String source, String translation, double score) {
        return new TranslationResult(source, translation, score, List.of(), List.of(), List.of(), null);
    }

    /** @return the result for an empty input: empty translation, no score, no model call */
    public static TranslationResult empty(String source) {
        return of(source, "", Double.NaN);
    }
}
