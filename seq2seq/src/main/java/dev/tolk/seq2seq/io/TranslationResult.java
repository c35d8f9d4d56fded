package dev.tolk.seq2seq.io;

import java.util.List;
import java.util.Objects;

/**
 * The translation of one input record, as written by a {@link TranslationOutput}.
 *
 * @param source the input record
 * @param translation the best translation; empty for an empty input
 * @param score the best translation's score (length-normalised log-probability), or NaN when there is none
 *     (empty input)
 * @param nbest the n best hypotheses, best first (empty unless more than one was asked for)
 * @param attention the best translation's attention weights, or null when not asked for (or not available: an
 *     input translated in chunks, an empty input)
 */
public record TranslationResult(
        SourceRecord source, String translation, double score, List<Hypothesis> nbest, Attention attention) {

    /** Requires the source and translation and copies the list. */
    public TranslationResult {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(translation, "translation");
        nbest = List.copyOf(nbest);
    }

    /** A result with only the best translation and its score. */
    public static TranslationResult of(SourceRecord source, String translation, double score) {
        return new TranslationResult(source, translation, score, List.of(), null);
    }

    /** The result for an empty input: empty translation, no score, no model call. */
    public static TranslationResult empty(SourceRecord source) {
        return of(source, "", Double.NaN);
    }

    /** The same result for another record with the same text (identical inputs share one translation). */
    public TranslationResult forSource(SourceRecord other) {
        return new TranslationResult(other, translation, score, nbest, attention);
    }
}
