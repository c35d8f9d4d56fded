package dev.tolk.seq2seq.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.ModelFormatException;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.store.ParentModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained model a new run starts from ({@code tolk train --init-from MODEL}): fine-tuning, or continued training
 * with a new learning rate, new data or more epochs. The run is new (its own model directory, step 0, a fresh
 * optimiser and schedule); its weights start as the model's, and the model fixes everything the weights depend on:
 *
 * <ul>
 *   <li>{@link #FIXED}: the architecture ({@code model.*} but dropout and label smoothing) and the text encoding
 *       ({@code data.tokenizer}, {@code data.bpe_vocab_size}, {@code data.shared_vocab}, {@code data.lowercase},
 *       {@code data.min_frequency}, {@code data.max_vocab}): the vocabularies and tokenizer are the model's, never
 *       learned again. A configuration that sets one of these to another value is refused, naming it.
 *   <li>{@link #INHERITED}: the model's dropout, label smoothing, {@code data.max_length} and {@code decode.*} are
 *       the new run's defaults, which the configuration may change.
 * </ul>
 *
 * The model may be a model file, a model directory or a training checkpoint ({@link ModelFile#read(Path)}); its
 * file's SHA-256 and step are recorded in the new model's provenance as its parent.
 */
public final class FineTuning {
    /** Keys the model fixes: a new run may not change them. */
    public static final List<String> FIXED = List.of(
            "model.cell",
            "model.attention",
            "model.bidirectional",
            "model.layers",
            "model.embedding_size",
            "model.hidden_size",
            "model.tied_embeddings",
            "model.decoder",
            "model.layer_norm",
            "model.enc_transition_depth",
            "model.dec_transition_depth",
            "model.residual",
            "data.tokenizer",
            "data.bpe_vocab_size",
            "data.shared_vocab",
            "data.lowercase",
            "data.min_frequency",
            "data.max_vocab");

    /** Keys whose model value is the new run's default, which its configuration may change. */
    public static final List<String> INHERITED = List.of(
            "model.embedding_dropout",
            "model.hidden_dropout",
            "model.output_dropout",
            "model.label_smoothing",
            "data.max_length",
            "decode.beam_size",
            "decode.length_penalty",
            "decode.max_length_ratio",
            "decode.nbest",
            "decode.replace_unk",
            "decode.max_input_tokens",
            "decode.overlong");

    private final Path path;
    private final ModelFile model;
    private final TextEncoding encoding;
    private final ParentModel parent;

    private FineTuning(Path path, ModelFile model, TextEncoding encoding, ParentModel parent) {
        this.path = path;
        this.model = model;
        this.encoding = encoding;
        this.parent = parent;
    }

    /**
     * Reads and checks the model to start from.
     *
     * @param modelPath a model file or directory, or a checkpoint file
     * @throws ModelFormatException when it is not a valid model or checkpoint
     * @throws IOException when it cannot be read
     */
    public static FineTuning load(Path modelPath) throws IOException {
        Path file = ModelFile.resolve(modelPath);
        ModelFile model = ModelFile.read(file);
        TextEncoding encoding = model.encoding(file);
        Double step = model.provenance().metrics().get("step");
        ParentModel parent = new ParentModel(
                ParentModel.FINE_TUNED,
                modelPath.toString(),
                dev.tolk.seq2seq.store.FileDigest.sha256(file),
                step == null || !Double.isFinite(step) ? -1 : step.longValue());
        return new FineTuning(file, model, encoding, parent);
    }

    /** @return the model file read */
    public Path file() {
        return path;
    }

    /** @return the model's configuration */
    public Seq2SeqConfig modelConfig() {
        return model.config();
    }

    /** @return the model's vocabularies and tokenizer, used unchanged by the new run */
    public TextEncoding encoding() {
        return encoding;
    }

    /** @return the weights the new run starts from */
    public List<NamedTensor> weights() {
        return model.weights();
    }

    /** @return the model's record in the new model's provenance */
    public ParentModel parent() {
        return parent;
    }

    /**
     * The new run's defaults: {@link Seq2SeqConfig#DEFAULTS} with the model's values of {@link #FIXED} and
     * {@link #INHERITED}. Layer the new run's file and overrides over it, then {@link #check} the result.
     */
    public Seq2SeqConfig defaults() {
        ObjectNode json = model.config().toJson();
        List<String> assignments = new ArrayList<>();
        for (String key : concat(FIXED, INHERITED)) {
            assignments.add(key + "=" + value(json, key).asText());
        }
        return Seq2SeqConfig.DEFAULTS.withOverrides(assignments);
    }

    /**
     * Checks that a new run's configuration keeps what the model fixes.
     *
     * @param config the new run's effective configuration
     * @throws ConfigException naming every key in {@link #FIXED} set to another value than the model's
     */
    public void check(Seq2SeqConfig config) {
        ObjectNode mine = model.config().toJson();
        ObjectNode theirs = config.toJson();
        List<String> conflicts = new ArrayList<>();
        for (String key : FIXED) {
            if (!value(mine, key).equals(value(theirs, key))) {
                conflicts.add(key + "=" + value(theirs, key).asText() + " (the model's is "
                        + value(mine, key).asText() + ")");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConfigException(
                    conflicts.get(0).substring(0, conflicts.get(0).indexOf('=')),
                    "--init-from " + path + ": the architecture, vocabularies and tokenizer come from the model, but "
                            + "the configuration sets " + String.join(", ", conflicts)
                            + "; drop these settings (a new architecture or vocabulary needs a run from scratch)");
        }
    }

    private static JsonNode value(ObjectNode config, String key) {
        int dot = key.indexOf('.');
        return config.path(key.substring(0, dot)).path(key.substring(dot + 1));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
