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
 * Everything needed to continue a training run exactly: a {@link TensorContainer} of kind {@value #KIND}.
 * Weights are stored as tensors named {@code weights/<name>}, optimiser state as {@code optimizer/<name>}; the rest
 * goes to the JSON header ({@code schedule}, {@code data_position}, {@code trainer_state}: see {@link ScheduleState},
 * {@link BatchPosition}, {@link TrainerState}).
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
        TrainerState trainerState) {

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
            throw new IllegalArgumentException("every checkpoint field is required");
        }
        if (step < 0 || epoch < 0 || optimizerStep < 0) {
            throw new IllegalArgumentException(
                    "step, epoch and optimizerStep must be >= 0, got " + step + ", " + epoch + ", " + optimizerStep);
        }
        weights = List.copyOf(weights);
        optimizerState = List.copyOf(optimizerState);
    }

    /**
     * A checkpoint of an optimiser's state.
     *
     * @param optimizer the optimiser's exported state: its arrays become {@link #optimizerState()}, its kind goes
     *     to {@link TrainerState#optimizer()} and its learning rate to {@link ScheduleState#learningRate()}
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
            int badValidations) {
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
                new TrainerState(optimizer.kind(), best, bestStep, badValidations));
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
        meta.set("schedule", schedule.toJson());
        meta.set("data_position", positionJson(dataPosition));
        meta.set("rng", rng.toJson());
        meta.set("trainer_state", trainerState.toJson());
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
                    ScheduleState.fromJson(ModelFile.require(h, "schedule")),
                    position(ModelFile.require(h, "data_position")),
                    RngState.fromJson(ModelFile.require(h, "rng")),
                    TrainerState.fromJson(ModelFile.require(h, "trainer_state")));
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
