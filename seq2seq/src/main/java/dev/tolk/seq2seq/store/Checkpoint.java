package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.ModelFormatException.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything needed to continue a training run exactly: a {@link TensorContainer} of kind {@value #KIND}.
 * Weights are stored as tensors named {@code weights/<name>}, optimiser state as {@code optimizer/<name>}; the rest
 * goes to the JSON header.
 *
 * @param config the configuration of the run
 * @param step updates done
 * @param epoch the current epoch (0-based)
 * @param weights model parameters
 * @param optimizerState optimiser buffers (e.g. Adam's first and second moments), named by the optimiser
 * @param optimizerStep the optimiser's own step count (Adam's bias correction)
 * @param schedule learning-rate schedule state (opaque JSON: current rate, validations without improvement, ...)
 * @param dataPosition the batcher's position (opaque JSON)
 * @param rng random generator state
 * @param trainerState other loop state (opaque JSON: best metric so far, early-stopping counter, ...)
 */
public record Checkpoint(
        Seq2SeqConfig config,
        long step,
        int epoch,
        List<NamedTensor> weights,
        List<NamedTensor> optimizerState,
        long optimizerStep,
        JsonNode schedule,
        JsonNode dataPosition,
        RngState rng,
        JsonNode trainerState) {

    /** The container kind of checkpoints. */
    public static final String KIND = "checkpoint";

    /**
     * Keys that may differ between a checkpoint's configuration and the one used to resume it: they control how
     * long and how the run is observed, not what it computes.
     */
    public static final Set<String> RESUMABLE_CHANGES = Set.of(
            "train.epochs",
            "train.max_steps",
            "train.threads",
            "train.checkpoint_every",
            "train.keep_checkpoints",
            "data.train",
            "data.valid",
            "decode.beam_size",
            "decode.length_penalty",
            "decode.max_length_ratio",
            "decode.nbest",
            "decode.replace_unk",
            "decode.max_input_tokens",
            "decode.overlong");

    private static final String WEIGHTS = "weights/";
    private static final String OPTIMIZER = "optimizer/";

    /** Validates presence and ranges and copies the lists. */
    public Checkpoint {
        if (config == null
                || weights == null
                || optimizerState == null
                || schedule == null
                || dataPosition == null
                || rng == null
                || trainerState == null) {
            throw new IllegalArgumentException("every checkpoint field is required (use empty JSON objects for none)");
        }
        if (step < 0 || epoch < 0 || optimizerStep < 0) {
            throw new IllegalArgumentException(
                    "step, epoch and optimizerStep must be >= 0, got " + step + ", " + epoch + ", " + optimizerStep);
        }
        weights = List.copyOf(weights);
        optimizerState = List.copyOf(optimizerState);
    }

    /** @return the hash of {@link #config()}, {@link Seq2SeqConfig#configHash()} */
    public String configHash() {
        return config.configHash();
    }

    /**
     * Checks that a run may be resumed from this checkpoint with {@code current}.
     *
     * @param current the configuration of the resuming run
     * @return the differences that are allowed ({@link #RESUMABLE_CHANGES}), as {@code key: old -> new}, for logging;
     *     empty when the hashes match
     * @throws ConfigException naming every difference that would change the computation
     */
    public List<String> checkResumableWith(Seq2SeqConfig current) {
        if (current.configHash().equals(configHash())) {
            return List.of();
        }
        List<String> diffs = config.differencesTo(current);
        List<String> blocking = new ArrayList<>();
        for (String d : diffs) {
            if (!RESUMABLE_CHANGES.contains(d.substring(0, d.indexOf(':')))) {
                blocking.add(d);
            }
        }
        if (!blocking.isEmpty()) {
            throw new ConfigException(
                    blocking.get(0).substring(0, blocking.get(0).indexOf(':')),
                    "cannot resume from the checkpoint at step " + step + ": the configuration differs in "
                            + String.join(", ", blocking) + "; restore the checkpoint's values or start a new run");
        }
        return diffs;
    }

    /**
     * Writes this checkpoint atomically.
     *
     * @param file the target
     * @throws IOException when writing fails; the target is then unchanged
     */
    public void write(Path file) throws IOException {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("config_hash", configHash());
        meta.set("config", config.toJson());
        meta.put("step", step);
        meta.put("epoch", epoch);
        meta.put("optimizer_step", optimizerStep);
        meta.set("schedule", schedule);
        meta.set("data_position", dataPosition);
        meta.set("rng", rng.toJson());
        meta.set("trainer_state", trainerState);
        List<NamedTensor> all = new ArrayList<>(weights.size() + optimizerState.size());
        weights.forEach(t -> all.add(new NamedTensor(WEIGHTS + t.name(), t.shape(), t.values())));
        optimizerState.forEach(t -> all.add(new NamedTensor(OPTIMIZER + t.name(), t.shape(), t.values())));
        TensorContainer.write(file, KIND, meta, all);
    }

    /**
     * Reads and verifies a checkpoint (container checks, then that the stored hash matches the stored config).
     *
     * @param file the checkpoint file
     * @return the checkpoint
     * @throws ModelFormatException when the file is not a valid checkpoint
     * @throws IOException when it cannot be read
     */
    public static Checkpoint read(Path file) throws IOException {
        TensorContainer.Contents c = TensorContainer.read(file, KIND);
        ObjectNode h = c.header();
        try {
            Seq2SeqConfig config = Seq2SeqConfig.fromJson(ModelFile.require(h, "config"));
            String storedHash = h.path("config_hash").asText("");
            if (!storedHash.equals(config.configHash())) {
                throw new IllegalArgumentException(
                        "the stored config hash " + storedHash
                                + " does not match the stored config (" + config.configHash()
                                + "); the checkpoint was written by a Tolk with other configuration keys; resume it with that version");
            }
            List<NamedTensor> weights = new ArrayList<>();
            List<NamedTensor> optimizer = new ArrayList<>();
            for (NamedTensor t : c.tensors()) {
                if (t.name().startsWith(WEIGHTS)) {
                    weights.add(new NamedTensor(t.name().substring(WEIGHTS.length()), t.shape(), t.values()));
                } else if (t.name().startsWith(OPTIMIZER)) {
                    optimizer.add(new NamedTensor(t.name().substring(OPTIMIZER.length()), t.shape(), t.values()));
                } else {
                    throw new IllegalArgumentException("tensor '" + t.name() + "' is neither weights/ nor optimizer/");
                }
            }
            return new Checkpoint(
                    config,
                    requireLong(h, "step"),
                    (int) requireLong(h, "epoch"),
                    weights,
                    optimizer,
                    requireLong(h, "optimizer_step"),
                    ModelFile.require(h, "schedule"),
                    ModelFile.require(h, "data_position"),
                    RngState.fromJson(ModelFile.require(h, "rng")),
                    ModelFile.require(h, "trainer_state"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, Problem.CORRUPT, "invalid checkpoint header: " + e.getMessage());
        }
    }

    private static long requireLong(ObjectNode h, String field) {
        JsonNode n = h.get(field);
        if (n == null
                || !n.isIntegralNumber()
                || n.longValue() < 0
                || n.longValue() > Integer.MAX_VALUE && field.equals("epoch")) {
            throw new IllegalArgumentException("header field '" + field + "' is missing or not a valid integer");
        }
        return n.longValue();
    }
}
