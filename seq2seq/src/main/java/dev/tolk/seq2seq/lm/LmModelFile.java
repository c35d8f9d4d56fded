package dev.tolk.seq2seq.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.store.ModelFormatException;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.store.Provenance;
import dev.tolk.seq2seq.store.TensorContainer;
import dev.tolk.tokenizer.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained character language model on disk: a {@link TensorContainer} of kind {@value #KIND} whose header holds
 * the architecture ({@link LmConfig#toJson()}), the character vocabulary (the tokenizer's vocabulary JSON), the
 * training text's character counts per id and the {@link Provenance}; the tensors are the weights, named as
 * {@link CharLanguageModel#parameters()}. Written atomically.
 *
 * @param config the architecture
 * @param vocabulary the character vocabulary (V ids)
 * @param unigramCounts occurrences of each id in the training text, length V
 * @param provenance corpus hash, seed, version, final metrics
 * @param weights the parameters
 */
public record LmModelFile(
        LmConfig config,
        CharVocabulary vocabulary,
        long[] unigramCounts,
        Provenance provenance,
        List<NamedTensor> weights) {

    /** The container kind. */
    public static final String KIND = "tolk-lm";
    /** The file name inside a model directory. */
    public static final String FILE_NAME = "lm.tolk";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates consistency and copies the lists. */
    public LmModelFile {
        if (config == null || vocabulary == null || unigramCounts == null || provenance == null || weights == null) {
            throw new IllegalArgumentException("every model-file field is required");
        }
        if (vocabulary.size() != config.vocabularySize() || unigramCounts.length != config.vocabularySize()) {
            throw new IllegalArgumentException("the config has " + config.vocabularySize() + " ids, the vocabulary "
                    + vocabulary.size() + ", the counts " + unigramCounts.length);
        }
        unigramCounts = unigramCounts.clone();
        weights = List.copyOf(weights);
    }

    @Override
    public long[] unigramCounts() {
        return unigramCounts.clone();
    }

    /**
     * @param path a model file or a model directory
     * @return the file: {@code path/}{@value #FILE_NAME} for a directory, else {@code path}
     */
    public static Path resolve(Path path) {
        return Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    }

    /** @return a model with these weights loaded */
    public CharLanguageModel toModel() {
        CharLanguageModel m = new CharLanguageModel(config, provenance.seed());
        m.importWeights(weights);
        return m;
    }

    /**
     * @param file the target
     * @throws IOException when writing fails; the target is then unchanged
     */
    public void write(Path file) throws IOException {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.set("config", config.toJson());
        meta.set("vocabulary", JSON.readTree(vocabulary.vocabulary().toJson()));
        meta.set("unigram_counts", counts(unigramCounts));
        meta.set("provenance", provenance.toJson());
        TensorContainer.write(file, KIND, meta, weights);
    }

    /**
     * @param path a model file or directory
     * @return the model file
     * @throws ModelFormatException when it is not a valid container of this kind, or its header is invalid
     * @throws IOException when it cannot be read
     */
    public static LmModelFile read(Path path) throws IOException {
        Path file = resolve(path);
        TensorContainer.Contents c = TensorContainer.read(file, KIND);
        ObjectNode h = c.header();
        try {
            LmConfig config = LmConfig.fromJson(require(h, "config"));
            CharVocabulary vocab = vocabulary(require(h, "vocabulary"), file);
            Provenance provenance = Provenance.fromJson(require(h, "provenance"));
            LmModelFile m =
                    new LmModelFile(config, vocab, counts(require(h, "unigram_counts")), provenance, c.tensors());
            m.toModel();
            return m;
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.corrupt(file, "invalid language-model file: " + e.getMessage());
        }
    }

    static CharVocabulary vocabulary(JsonNode node, Path file) {
        return new CharVocabulary(Vocabulary.fromJson(node.toString(), file.toString()));
    }

    static ArrayNode counts(long[] counts) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (long c : counts) {
            a.add(c);
        }
        return a;
    }

    static long[] counts(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("unigram_counts is not an array");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).canConvertToLong() || node.get(i).longValue() < 0) {
                throw new IllegalArgumentException("unigram_counts[" + i + "] is not a count");
            }
            out[i] = node.get(i).longValue();
        }
        return out;
    }

    static JsonNode require(ObjectNode header, String field) {
        JsonNode n = header.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("header field '" + field + "' is missing");
        }
        return n;
    }
}
