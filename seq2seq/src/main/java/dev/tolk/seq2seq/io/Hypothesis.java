package dev.tolk.seq2seq.io;

/**
 * One candidate translation with its score.
 *
 * @param text the detokenized translation
 * @param score the decoder's (length-normalised) log-probability; higher is better
 */
public record Hypothesis(String text, double score) {
    /** Requires text. */
    public Hypothesis {
        if (text == null) {
            throw new IllegalArgumentException("hypothesis text is required");
        }
    }
}
