package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.ModelFormatException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained model as stored on disk: a {@link TensorContainer} of kind {@value #KIND} whose header holds the
 * effective configuration, the vocabularies and tokenizer settings (opaque JSON owned by the tokenizer module),
 * provenance, and whose tensors are the weights. {@link #read(Path)} also reads a training {@link Checkpoint} as a
 * model.
 *
 * @param config the effective configuration the model was trained with
 * @param vocabularies opaque JSON (e.g. {"source": ..., "target": ...}); never null (use an empty object)
 * @param tokenizer opaque tokenizer settings (type, BPE merges, lowercase, ...); never null
 * @param provenance corpus hash, seed, version, date, metrics
 * @param weights the model's parameters, uniquely named
 */
public record ModelFile(
        Seq2SeqConfig config,
        JsonNode vocabularies,
        JsonNode tokenizer,
        Provenance provenance,
        List<NamedTensor> weights) {

    /** The container kind of model files. */
    public static final String KIND = "model";
    /** The file name used inside a model directory. */
    public static final String FILE_NAME = "model.tolk";

    /** Validates presence and copies the weight list. */
    public ModelFile {
        if (config == null || vocabularies == null || tokenizer == null || provenance == null || weights == null) {
            throw new IllegalArgumentException("config, vocabularies, tokenizer, provenance and weights are required");
        }
        weights = List.copyOf(weights);
    }

    /**
     * @param modelPath a model file, or a directory containing {@value #FILE_NAME}
     * @return the model file path
     */
    public static Path resolve(Path modelPath) {
        return Files.isDirectory(modelPath) ? modelPath.resolve(FILE_NAME) : modelPath;
    }

    /** @return the weights by name, in file order */
    public Map<String, NamedTensor> weightsByName() {
        Map<String, NamedTensor> m = new LinkedHashMap<>();
        weights.forEach(w -> m.put(w.name(), w));
        return m;
    }

    /**
     * Writes this model atomically.
     *
     * @param file the target file
     * @throws IOException when writing fails; the target is then unchanged
     */
    public void write(Path file) throws IOException {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("config_hash", config.configHash());
        meta.set("config", config.toJson());
        meta.set("vocabularies", vocabularies);
        meta.set("tokenizer", tokenizer);
        meta.set("provenance", provenance.toJson());
        TensorContainer.write(file, KIND, meta, weights);
    }

    /**
     * The text encoding (tokenizer and vocabularies) this file holds.
     *
     * @param file where this was read from, for the message
     * @throws ModelFormatException when the tokenizer or vocabularies are invalid
     */
    public TextEncoding encoding(Path file) throws ModelFormatException {
        try {
            return TextEncoding.fromJson(tokenizer(), vocabularies());
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.corrupt(file, "invalid tokenizer or vocabularies: " + e.getMessage());
        }
    }

    /**
     * Reads and verifies a model file (magic, version, bounds, checksum, kind, header fields, finite weights). A
     * training {@link Checkpoint} is a model too: its configuration, text encoding, provenance and (averaged, when the
     * run kept an average) weights are returned ({@link Checkpoint#asModel(Path)}).
     *
     * @param modelPath a model file, a checkpoint file, or a model directory
     * @return the model
     * @throws ModelFormatException when the file is not a valid model or checkpoint
     * @throws IOException when it cannot be read
     */
    public static ModelFile read(Path modelPath) throws IOException {
        Path file = resolve(modelPath);
        TensorContainer.Contents c = TensorContainer.read(file, Set.of(KIND, Checkpoint.KIND), true);
        if (c.kind().equals(Checkpoint.KIND)) {
            ModelFile m = Checkpoint.fromContents(file, c).asModel(file);
            for (NamedTensor t : m.weights()) {
                requireFinite(file, t);
            }
            return m;
        }
        for (NamedTensor t : c.tensors()) {
            requireFinite(file, t);
        }
        return fromHeader(file, c.header(), c.tensors());
    }

    /**
     * A model whose weights hold NaN or infinity (a run that diverged, a damaged writer) cannot translate: it would
     * produce empty output for every input. Rejected at load, naming the first such tensor.
     */
    private static void requireFinite(Path file, NamedTensor t) throws ModelFormatException {
        float[] v = t.values();
        int first = -1;
        long count = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                count++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (count > 0) {
            throw new ModelFormatException(
                    file,
                    Problem.CORRUPT,
                    "tensor '" + t.name() + "' holds " + count + " non-finite value" + (count == 1 ? "" : "s")
                            + " (first: " + v[first] + " at index " + first + "); the run that wrote it diverged:"
                            + " use an earlier checkpoint or retrain with a lower learning rate");
        }
    }

    /**
     * Reads and verifies a model file but not its weights (for {@code tolk info}-like uses).
     *
     * @param modelPath a model file or a model directory
     * @return the model with an empty weight list
     * @throws ModelFormatException when the file is not a valid model
     * @throws IOException when it cannot be read
     */
    public static ModelFile readWithoutWeights(Path modelPath) throws IOException {
        Path file = resolve(modelPath);
        TensorContainer.Contents c = TensorContainer.read(file, Set.of(KIND, Checkpoint.KIND), false);
        if (c.kind().equals(Checkpoint.KIND) && !c.header().has("vocabularies")) {
            return Checkpoint.fromContents(file, c).asModel(file); // throws: not a usable model
        }
        return fromHeader(file, c.header(), List.of());
    }

    private static ModelFile fromHeader(Path file, ObjectNode h, List<NamedTensor> weights)
            throws ModelFormatException {
        try {
            Seq2SeqConfig config = Seq2SeqConfig.fromJson(require(h, "config"));
            return new ModelFile(
                    config,
                    require(h, "vocabularies"),
                    require(h, "tokenizer"),
                    Provenance.fromJson(require(h, "provenance")),
                    weights);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, Problem.CORRUPT, "invalid model header: " + e.getMessage());
        }
    }

    static JsonNode require(ObjectNode header, String field) {
        JsonNode n = header.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("header field '" + field + "' is missing");
        }
        return n;
    }
}
