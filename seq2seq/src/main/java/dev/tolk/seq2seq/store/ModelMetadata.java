package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What makes weights and a configuration a usable model: the text encoding (tokenizer settings and vocabularies,
 * opaque JSON owned by the tokenizer module) and the provenance. A {@link ModelFile} holds it in its header, and so
 * does every {@link Checkpoint}, which is why a checkpoint can be used wherever a model can.
 *
 * @param vocabularies the vocabularies, e.g. {@code {"source": ..., "target": ...}}
 * @param tokenizer the tokenizer settings (type, BPE merges, lower-casing, ...)
 * @param provenance where the weights came from
 */
public record ModelMetadata(JsonNode vocabularies, JsonNode tokenizer, Provenance provenance) {
    /** Requires every field. */
    public ModelMetadata {
        if (vocabularies == null || tokenizer == null || provenance == null) {
            throw new IllegalArgumentException("vocabularies, tokenizer and provenance are required");
        }
    }
}
