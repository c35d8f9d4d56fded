package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.TextEncoding;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code tolk info} shows of a model or checkpoint: its file, the trainable values and tensors, the vocabulary
 * sizes, and the stored model (provenance, configuration). Reading one checks the file as loading does, and that its
 * tokenizer and vocabularies can be rebuilt.
 *
 * @param file the model file read
 * @param model the model file's content
 * @param parameters trainable values in all tensors
 * @param sourceVocabularySize entries of the source vocabulary
 * @param targetVocabularySize entries of the target vocabulary
 * @param sharedVocabulary whether source and target share one vocabulary
 */
public record ModelSummary(
        Path file,
        ModelFile model,
        long parameters,
        int sourceVocabularySize,
        int targetVocabularySize,
        boolean sharedVocabulary) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a model file, a model directory or a checkpoint.
     *
     * @throws ModelFormatException when the file is not a valid model, or its tokenizer or vocabularies are invalid
     * @throws IOException when it cannot be read
     */
    public static ModelSummary read(Path modelPath) throws IOException {
        Path file = ModelFile.resolve(modelPath);
        ModelFile m = ModelFile.read(file);
        TextEncoding enc = m.encoding(file);
        long parameters = m.weights().stream().mapToLong(t -> t.values().length).sum();
        return new ModelSummary(
                file,
                m,
                parameters,
                enc.sourceVocabulary().size(),
                enc.targetVocabulary().size(),
                enc.shared());
    }

    /** The number of weight tensors. */
    public int tensors() {
        return model.weights().size();
    }

    /**
     * {@code {"file", "parameters", "tensors", "vocabularies": {"source", "target", "shared"}, "provenance",
     * "config"}}, the provenance and configuration as stored.
     */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("file", file.toString());
        o.put("parameters", parameters);
        o.put("tensors", tensors());
        ObjectNode v = o.putObject("vocabularies");
        v.put("source", sourceVocabularySize);
        v.put("target", targetVocabularySize);
        v.put("shared", sharedVocabulary);
        o.set("provenance", model.provenance().toJson());
        o.set("config", model.config().toJson());
        return o;
    }
}
