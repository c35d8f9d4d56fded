package dev.tolk.seq2seq.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a {@link CharLanguageModel} is trained by {@link LmTrainer}. Immutable, validated on construction; the
 * defaults live in {@link #DEFAULTS}.
 *
 * <p>The training text is one stream cut into {@code batch} columns; each update runs {@code bptt} time steps of
 * every column (truncated backpropagation through time, Williams &amp; Peng 1990) and carries the final state, as a
 * value, into the next segment. Training ends after {@code maxSteps} updates or {@code epochs} passes, whichever is
 * set (exactly one is positive), or earlier when {@code maxSeconds} of wall time have passed.
 *
 * @param bptt K, time steps per update (the truncation window), ≥ 1
 * @param batch B, parallel columns of the stream, ≥ 1
 * @param learningRate Adam's learning rate η &gt; 0
 * @param clip θ, the maximum global gradient norm (Pascanu et al. 2013) &gt; 0
 * @param maxSteps updates to do, or 0 when {@code epochs} decides
 * @param epochs passes over the training stream, or 0 when {@code maxSteps} decides
 * @param validFraction share of the text (its tail, in characters) held out for validation, in [0, 0.5]
 * @param validateEvery updates between validations (and checkpoints), ≥ 1; one more runs at the end
 * @param maxSeconds wall-time budget in seconds, or 0 for none
 * @param seed seed of the weight initialisation (training itself has no other randomness)
 */
public record LmTrainingConfig(
        int bptt,
        int batch,
        double learningRate,
        double clip,
        long maxSteps,
        int epochs,
        double validFraction,
        int validateEvery,
        double maxSeconds,
        long seed) {

    /** bptt 64, batch 32, η 0.002, θ 5, 1 epoch, 5% validation, validate every 500 updates, no time limit, seed 1. */
    public static final LmTrainingConfig DEFAULTS = new LmTrainingConfig(64, 32, 2e-3, 5.0, 0, 1, 0.05, 500, 0, 1);

    /** Validates every field. */
    public LmTrainingConfig {
        if (bptt < 1 || bptt > 100_000) {
            throw new IllegalArgumentException("bptt must be in [1, 100000], got " + bptt);
        }
        if (batch < 1 || batch > 100_000) {
            throw new IllegalArgumentException("batch must be in [1, 100000], got " + batch);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new IllegalArgumentException("clip must be a finite number > 0, got " + clip);
        }
        if (maxSteps < 0 || epochs < 0 || (maxSteps > 0) == (epochs > 0)) {
            throw new IllegalArgumentException(
                    "exactly one of steps and epochs must be > 0, got steps " + maxSteps + ", epochs " + epochs);
        }
        if (!(validFraction >= 0 && validFraction <= 0.5)) {
            throw new IllegalArgumentException("valid fraction must be in [0, 0.5], got " + validFraction);
        }
        if (validateEvery < 1) {
            throw new IllegalArgumentException("validate-every must be >= 1, got " + validateEvery);
        }
        if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
            throw new IllegalArgumentException("max seconds must be a finite number >= 0, got " + maxSeconds);
        }
    }

    /** @return a copy with {@code maxSteps} updates (and epochs 0) */
    public LmTrainingConfig withSteps(long steps) {
        return new LmTrainingConfig(
                bptt, batch, learningRate, clip, steps, 0, validFraction, validateEvery, maxSeconds, seed);
    }

    /** @return a copy with {@code epochs} passes (and maxSteps 0) */
    public LmTrainingConfig withEpochs(int passes) {
        return new LmTrainingConfig(
                bptt, batch, learningRate, clip, 0, passes, validFraction, validateEvery, maxSeconds, seed);
    }

    /**
     * @return whether a run with {@code other} computes the same updates as this one (everything but the stopping
     *     rule, the validation interval and the time budget is equal), so that a checkpoint of this run may resume
     *     under {@code other}
     */
    public boolean sameComputation(LmTrainingConfig other) {
        return bptt == other.bptt
                && batch == other.batch
                && learningRate == other.learningRate
                && clip == other.clip
                && validFraction == other.validFraction
                && seed == other.seed;
    }

    /** @return this configuration as JSON */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("bptt", bptt);
        o.put("batch", batch);
        o.put("learning_rate", learningRate);
        o.put("clip", clip);
        o.put("max_steps", maxSteps);
        o.put("epochs", epochs);
        o.put("valid_fraction", validFraction);
        o.put("validate_every", validateEvery);
        o.put("max_seconds", maxSeconds);
        o.put("seed", seed);
        return o;
    }

    /**
     * @param n as written by {@link #toJson()}
     * @return the configuration
     * @throws IllegalArgumentException when a field is missing or invalid
     */
    public static LmTrainingConfig fromJson(JsonNode n) {
        return new LmTrainingConfig(
                LmConfig.requireInt(n, "bptt"),
                LmConfig.requireInt(n, "batch"),
                requireDouble(n, "learning_rate"),
                requireDouble(n, "clip"),
                n.path("max_steps").asLong(-1),
                LmConfig.requireInt(n, "epochs"),
                requireDouble(n, "valid_fraction"),
                LmConfig.requireInt(n, "validate_every"),
                requireDouble(n, "max_seconds"),
                n.path("seed").asLong());
    }

    private static double requireDouble(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a number");
        }
        return v.doubleValue();
    }
}
