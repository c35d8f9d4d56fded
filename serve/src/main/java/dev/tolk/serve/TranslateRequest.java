package dev.tolk.serve;

import java.util.List;

/**
 * A validated {@code POST /v1/translate} request.
 *
 * @param text the sentences to translate, in order
 * @param settings beam, n-best and attention
 */
public record TranslateRequest(List<String> text, DecodeSettings settings) {
    /** Copies the list. */
    public TranslateRequest {
        text = List.copyOf(text);
    }
}
