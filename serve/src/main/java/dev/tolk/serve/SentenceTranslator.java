package dev.tolk.serve;

import java.util.List;

/**
 * What the service needs of a model: translate a batch of sentences, count an input's tokens, describe itself. The
 * service calls {@link #translate} from one thread only (the batcher's), {@link #sourceTokens} and {@link #model}
 * from any.
 */
public interface SentenceTranslator {
    /**
     * @param texts sentences; blank ones give empty translations
     * @param settings beam, n-best and attention
     * @return one translation per input, in order
     */
    List<Translation> translate(List<String> texts, DecodeSettings settings);

    /**
     * @param text a sentence
     * @return the number of model symbols it encodes to (thread-safe)
     */
    int sourceTokens(String text);

    /** @return the model's description */
    ModelInfo model();
}
