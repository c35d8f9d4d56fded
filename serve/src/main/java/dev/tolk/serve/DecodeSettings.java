package dev.tolk.serve;

/**
 * How one request wants its sentences decoded. Requests with equal settings are batched together.
 *
 * @param beam beam width, 1 = greedy search, &ge; 1
 * @param nbest hypotheses returned per sentence, in [1, beam]
 * @param attention return the attention weights of each best translation
 */
public record DecodeSettings(int beam, int nbest, boolean attention) {
    /** Checks the ranges. */
    public DecodeSettings {
        if (beam < 1) {
            throw new IllegalArgumentException("beam must be >= 1, got " + beam);
        }
        if (nbest < 1 || nbest > beam) {
            throw new IllegalArgumentException("nbest must be in [1, beam " + beam + "], got " + nbest);
        }
    }
}
