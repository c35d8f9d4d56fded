package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.OptimizerState;
import dev.tolk.data.batch.BatchPosition;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.ModelFormatException.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything needed to continue a training run exactly, and everything a model needs: a {@link TensorContainer} of
 * kind {@value #KIND}. Weights are stored as tensors named {@code weights/<name>}, optimiser state as
 * {@code optimizer/<name>}, the exponential moving average of the weights (when {@code train.ema_decay > 0}) as
 * {@code ema/<name>}; the rest goes to the JSON header ({@code schedule}, {@code data_position},
 * {@code trainer_state}: see {@link ScheduleState}, {@link BatchPosition}, {@link TrainerState}; and the model's
 * {@code vocabularies}, {@code tokenizer} and {@code provenance}: see {@link ModelMetadata}). So a checkpoint is also
 * a usable model ({@link #asModel(Path)}; {@link ModelFile#read(Path)} accepts checkpoints): its weights are the
 * averaged ones when the run keeps an average, as the run's {@code model.tolk} are.
 *
 * @param config the configuration of the run
 * @param step updates done
 * @param epoch the current epoch (0-based)
 * @param weights model parameters
 * @param optimizerState optimiser buffers (e.g. Adam's first and second moments), named by the optimiser
 * @param optimizerStep the optimiser's own step count (Adam's bias correction)
 * @param schedule the learning rate and the schedule's state
 * @param dataPosition the batcher's position: the next batch
 * @param rng random generator state
 * @param trainerState the optimiser kind and the early-stopping state
 * @param metadata the text encoding and provenance of the model, or null in a checkpoint written before checkpoints
 *     carried them (it can be resumed, not used as a model)
 * @param emaWeights the exponential moving average of the weights, named as {@code weights}; empty when the run
 *     keeps none ({@code train.ema_decay = 0})
 */
public record Checkpoint(
        Seq2SeqConfig config,
        long step,
        int epoch,
        List<NamedTensor> weights,
        List<NamedTensor> optimizerState,
        long optimizerStep,
        ScheduleState schedule,
        BatchPosition dataPosition,
        RngState rng,
        TrainerState trainerState,
        ModelMetadata metadata,
        List<NamedTensor> emaWeights) {

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
    private static final String EMA = "ema/";

    /** Validates presence and ranges and copies the lists. */
    public Checkpoint {
        if (config == null
                || weights == null
                || optimizerState == null
                || schedule == null
                || dataPosition == null
                || rng == null
                || trainerState == null
                || emaWeights == null) {
            throw new IllegalArgumentException("every checkpoint field is required");
        }
        if (step < 0 || epoch < 0 || optimizerStep < 0) {
            throw new IllegalArgumentException(
                    "step, epoch and optimizerStep must be >= 0, got " + step + ", " + epoch + ", " + optimizerStep);
        }
        weights = List.copyOf(weights);
        optimizerState = List.copyOf(optimizerState);
        emaWeights = List.copyOf(emaWeights);
    }

    /**
     * A checkpoint of an optimiser's state.
     *
     * @param optimizer the optimiser's exported state: its arrays become {@link #optimizerState()}, its kind goes
     *     to {@link TrainerState#optimizer()} and its learning rate to {@link ScheduleState#learningRate()}
     * @param metadata the model's text encoding and provenance
     * @param emaWeights the moving average of the weights, or an empty list
     */
    public static Checkpoint of(
            Seq2SeqConfig config,
            long step,
            int epoch,
            List<NamedTensor> weights,
            OptimizerState optimizer,
            double[] schedule,
            BatchPosition dataPosition,
            RngState rng,
            double best,
            long bestStep,
            int badValidations,
            ModelMetadata metadata,
            List<NamedTensor> emaWeights) {
        List<NamedTensor> arrays = new ArrayList<>();
        optimizer.arrays().forEach((k, v) -> arrays.add(new NamedTensor(k, new int[] {v.length}, v)));
        return new Checkpoint(
                config,
                step,
                epoch,
                weights,
                arrays,
                optimizer.step(),
                new ScheduleState(optimizer.learningRate(), schedule),
                dataPosition,
                rng,
                new TrainerState(optimizer.kind(), best, bestStep, badValidations),
                metadata,
                emaWeights);
    }

    /**
     * This checkpoint as a model: its configuration, text encoding and provenance, and its averaged weights when it
     * holds an average ({@link #emaWeights()}), otherwise its weights.
     *
     * @param file where the checkpoint was read from (for the error message)
     * @return the model
     * @throws ModelFormatException when the checkpoint predates checkpoints that carry their text encoding
     */
    public ModelFile asModel(Path file) throws ModelFormatException {
        if (metadata == null) {
            throw new ModelFormatException(
                    file,
                    Problem.WRONG_KIND,
                    "is a checkpoint written before checkpoints carried their vocabularies and tokenizer, so it is not"
                            + " a usable model; resume its run (tolk train --resume) or use the run's model.tolk");
        }
        return new ModelFile(
                config,
                metadata.vocabularies(),
                metadata.tokenizer(),
                metadata.provenance(),
                emaWeights.isEmpty() ? weights : emaWeights);
    }

    /** @return the optimiser's state as it was exported: kind, step, learning rate and named arrays */
    public OptimizerState optimizer() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        optimizerState.forEach(t -> arrays.put(t.name(), t.values()));
        return new OptimizerState(trainerState.optimizer(), optimizerStep, schedule.learningRate(), arrays);
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
        return checkResumableWith(current, null);
    }

    /**
     * Checks that a run may be resumed from this checkpoint with {@code current}; a refusal points to fine-tuning
     * from this checkpoint ({@code tolk train --init-from}), the way to change what a resume may not.
     *
     * @param current the configuration of the resuming run
     * @param file where this checkpoint is, named in the refusal; null for a generic name
     * @return the differences that are allowed ({@link #RESUMABLE_CHANGES}), as {@code key: old -> new}, for logging;
     *     empty when the hashes match
     * @throws ConfigException naming every difference that would change the computation
     */
    public List<String> checkResumableWith(Seq2SeqConfig current, Path file) {
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
                            + String.join(", ", blocking) + "; restore the checkpoint's values, or start a new run "
                            + "from its weights with these settings: tolk train --init-from "
                            + (file == null ? "CHECKPOINT" : file.toString()) + " --model-dir NEW_DIR");
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
        meta.set("schedule", schedule.toJson());
        meta.set("data_position", positionJson(dataPosition));
        meta.set("rng", rng.toJson());
        meta.set("trainer_state", trainerState.toJson());
        if (metadata != null) {
            meta.set("vocabularies", metadata.vocabularies());
            meta.set("tokenizer", metadata.tokenizer());
            meta.set("provenance", metadata.provenance().toJson());
        }
        List<NamedTensor> all = new ArrayList<>(weights.size() + optimizerState.size() + emaWeights.size());
        weights.forEach(t -> all.add(new NamedTensor(WEIGHTS + t.name(), t.shape(), t.values())));
        optimizerState.forEach(t -> all.add(new NamedTensor(OPTIMIZER + t.name(), t.shape(), t.values())));
        emaWeights.forEach(t -> all.add(new NamedTensor(EMA + t.name(), t.shape(), t.values())));
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
        return fromContents(file, TensorContainer.read(file, KIND));
    }

    /**
     * Interprets a verified container of kind {@value #KIND}.
     *
     * @param file where it was read from (for messages)
     * @param c its contents, tensors included
     * @return the checkpoint
     * @throws ModelFormatException when the header is not a valid checkpoint header
     */
    static Checkpoint fromContents(Path file, TensorContainer.Contents c) throws ModelFormatException {
        ObjectNode h = c.header();
        try {
            JsonNode storedConfig = ModelFile.require(h, "config");
            Seq2SeqConfig config = Seq2SeqConfig.fromJson(storedConfig);
            String storedHash = h.path("config_hash").asText("");
            if (!storedHash.equals(config.configHash()) && !storedHash.equals(Seq2SeqConfig.hashOf(storedConfig))) {
                throw new IllegalArgumentException("the stored config hash " + storedHash
                        + " does not match the stored config (its text hashes to " + Seq2SeqConfig.hashOf(storedConfig)
                        + "); the header was edited or damaged");
            }
            List<NamedTensor> weights = new ArrayList<>();
            List<NamedTensor> optimizer = new ArrayList<>();
            List<NamedTensor> ema = new ArrayList<>();
            for (NamedTensor t : c.tensors()) {
                if (t.name().startsWith(WEIGHTS)) {
                    weights.add(new NamedTensor(t.name().substring(WEIGHTS.length()), t.shape(), t.values()));
                } else if (t.name().startsWith(OPTIMIZER)) {
                    optimizer.add(new NamedTensor(t.name().substring(OPTIMIZER.length()), t.shape(), t.values()));
                } else if (t.name().startsWith(EMA)) {
                    ema.add(new NamedTensor(t.name().substring(EMA.length()), t.shape(), t.values()));
                } else {
                    throw new IllegalArgumentException(
                            "tensor '" + t.name() + "' is neither weights/, optimizer/ nor ema/");
                }
            }
            ModelMetadata metadata = h.has("vocabularies")
                    ? new ModelMetadata(
                            ModelFile.require(h, "vocabularies"),
                            ModelFile.require(h, "tokenizer"),
                            Provenance.fromJson(ModelFile.require(h, "provenance")))
                    : null;
            return new Checkpoint(
                    config,
                    requireLong(h, "step"),
                    (int) requireLong(h, "epoch"),
                    weights,
                    optimizer,
                    requireLong(h, "optimizer_step"),
                    ScheduleState.fromJson(ModelFile.require(h, "schedule")),
                    position(ModelFile.require(h, "data_position")),
                    RngState.fromJson(ModelFile.require(h, "rng")),
                    TrainerState.fromJson(ModelFile.require(h, "trainer_state")),
                    metadata,
                    ema);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, Problem.CORRUPT, "invalid checkpoint header: " + e.getMessage());
        }
    }

    private static ObjectNode positionJson(BatchPosition p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("epoch", p.epoch());
        o.put("batch", p.batch());
        o.put("seed", p.seed());
        o.put("fingerprint", p.fingerprint());
        return o;
    }

    private static BatchPosition position(JsonNode n) {
        long epoch = TrainerState.integer(n, "data_position", "epoch");
        long batch = TrainerState.integer(n, "data_position", "batch");
        if (epoch > Integer.MAX_VALUE || batch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("data_position.epoch or batch is out of range");
        }
        return new BatchPosition(
                (int) epoch,
                (int) batch,
                TrainerState.integer(n, "data_position", "seed"),
                TrainerState.integer(n, "data_position", "fingerprint"));
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
