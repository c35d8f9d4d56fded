package dev.tolk.seq2seq.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.OptimizerState;
import dev.tolk.seq2seq.store.ModelFormatException;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.store.TensorContainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a language-model run exactly where it stopped: a {@link TensorContainer} of kind
 * {@value #KIND}. Weights are tensors {@code weights/<name>}, Adam's moments {@code optimizer/<key>}, the carried
 * hidden state {@code state/<layer>}; configuration, vocabulary, corpus hash and loop position go to the header.
 * Training has no randomness besides the seeded initialisation, so a resumed run computes the same updates as an
 * uninterrupted one.
 *
 * @param config the architecture
 * @param training the training configuration
 * @param vocabulary the character vocabulary
 * @param unigramCounts training counts per id
 * @param corpusSha256 hex SHA-256 of the training text file
 * @param step updates done
 * @param epoch the current epoch (0-based)
 * @param position the next segment of the epoch to train
 * @param bestValidNll the best validation nll per character so far (NaN when none)
 * @param weights the parameters
 * @param optimizer Adam's state
 * @param state the carried state per layer
 */
public record LmCheckpoint(
        LmConfig config,
        LmTrainingConfig training,
        CharVocabulary vocabulary,
        long[] unigramCounts,
        String corpusSha256,
        long step,
        int epoch,
        int position,
        double bestValidNll,
        List<NamedTensor> weights,
        OptimizerState optimizer,
        List<float[]> state) {

    /** The container kind. */
    public static final String KIND = "tolk-lm-checkpoint";
    /** The file name inside a model directory. */
    public static final String FILE_NAME = "lm-checkpoint.tolk";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS = "weights/";
    private static final String OPTIMIZER = "optimizer/";
    private static final String STATE = "state/";

    /** Validates presence and copies the lists. */
    public LmCheckpoint {
        if (config == null
                || training == null
                || vocabulary == null
                || unigramCounts == null
                || corpusSha256 == null
                || weights == null
                || optimizer == null
                || state == null) {
            throw new IllegalArgumentException("every checkpoint field is required");
        }
        if (step < 0 || epoch < 0 || position < 0) {
            throw new IllegalArgumentException(
                    "step, epoch and position must be >= 0, got " + step + ", " + epoch + ", " + position);
        }
        weights = List.copyOf(weights);
        state = List.copyOf(state);
    }

    /**
     * @param file the target
     * @throws IOException when writing fails; the target is then unchanged
     */
    public void write(Path file) throws IOException {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.set("config", config.toJson());
        meta.set("training", training.toJson());
        meta.set("vocabulary", JSON.readTree(vocabulary.vocabulary().toJson()));
        meta.set("unigram_counts", LmModelFile.counts(unigramCounts));
        meta.put("corpus_sha256", corpusSha256);
        meta.put("step", step);
        meta.put("epoch", epoch);
        meta.put("position", position);
        if (Double.isFinite(bestValidNll)) {
            meta.put("best_valid_nll", bestValidNll);
        } else {
            meta.putNull("best_valid_nll");
        }
        meta.put("optimizer_kind", optimizer.kind());
        meta.put("optimizer_step", optimizer.step());
        meta.put("optimizer_lr", optimizer.learningRate());
        List<NamedTensor> all = new ArrayList<>();
        weights.forEach(t -> all.add(new NamedTensor(WEIGHTS + t.name(), t.shape(), t.values())));
        optimizer.arrays().forEach((k, v) -> all.add(new NamedTensor(OPTIMIZER + k, new int[] {v.length}, v)));
        for (int l = 0; l < state.size(); l++) {
            all.add(new NamedTensor(STATE + l, new int[] {state.get(l).length}, state.get(l)));
        }
        TensorContainer.write(file, KIND, meta, all);
    }

    /**
     * @param file a checkpoint file
     * @return the checkpoint
     * @throws ModelFormatException when it is not a valid container of this kind, or its header is invalid
     * @throws IOException when it cannot be read
     */
    public static LmCheckpoint read(Path file) throws IOException {
        TensorContainer.Contents c = TensorContainer.read(file, KIND);
        ObjectNode h = c.header();
        try {
            List<NamedTensor> weights = new ArrayList<>();
            Map<String, float[]> optimizer = new LinkedHashMap<>();
            List<float[]> state = new ArrayList<>();
            for (NamedTensor t : c.tensors()) {
                if (t.name().startsWith(WEIGHTS)) {
                    weights.add(new NamedTensor(t.name().substring(WEIGHTS.length()), t.shape(), t.values()));
                } else if (t.name().startsWith(OPTIMIZER)) {
                    optimizer.put(t.name().substring(OPTIMIZER.length()), t.values());
                } else if (t.name().equals(STATE + state.size())) {
                    state.add(t.values());
                } else {
                    throw new IllegalArgumentException("unexpected tensor '" + t.name() + "'");
                }
            }
            OptimizerState opt = new OptimizerState(
                    LmModelFile.require(h, "optimizer_kind").asText(),
                    LmModelFile.require(h, "optimizer_step").asLong(),
                    (float) LmModelFile.require(h, "optimizer_lr").asDouble(),
                    optimizer);
            double best = h.path("best_valid_nll").isNumber()
                    ? h.get("best_valid_nll").asDouble()
                    : Double.NaN;
            return new LmCheckpoint(
                    LmConfig.fromJson(LmModelFile.require(h, "config")),
                    LmTrainingConfig.fromJson(LmModelFile.require(h, "training")),
                    LmModelFile.vocabulary(LmModelFile.require(h, "vocabulary"), file),
                    LmModelFile.counts(LmModelFile.require(h, "unigram_counts")),
                    LmModelFile.require(h, "corpus_sha256").asText(),
                    LmModelFile.require(h, "step").asLong(),
                    LmModelFile.require(h, "epoch").asInt(),
                    LmModelFile.require(h, "position").asInt(),
                    best,
                    weights,
                    opt,
                    state);
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.corrupt(file, "invalid language-model checkpoint: " + e.getMessage());
        }
    }
}
