package dev.tolk.seq2seq.lm;

import dev.tolk.core.Embedding;
import dev.tolk.core.Linear;
import dev.tolk.core.Parameter;
import dev.tolk.core.Rnn;
import dev.tolk.core.RnnConfig;
import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.core.Tensor;
import dev.tolk.core.Trainable;
import dev.tolk.seq2seq.store.ModelWeights;
import dev.tolk.seq2seq.store.NamedTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A character-level recurrent language model (Mikolov et al. 2010; Karpathy's char-rnn):
 * <pre>
 *   x_t = E[c_t]            (embedding, E: [V, E])   or   x_t = onehot(c_t) ∈ {0,1}^V
 *   s_t = rnn(x_t, s_{t−1}) (SimpleRNN, LSTM or GRU, L stacked layers; s = h, or (h, c) for LSTM)
 *   z_t = W_o·h_t + b_o     (W_o: [V, H])
 *   p(c_{t+1} | c_{≤t}) = softmax(z_t),   loss = −(1/N) Σ_t log p(c_{t+1} | c_{≤t})
 * </pre>
 *
 * <p><b>Segments.</b> Text is processed as segments of {@code T} steps of {@code B} columns ({@link StreamColumns}):
 * inputs and targets are time-major {@code [T·B]}, activations {@code [T, B, ·]}. All inputs of a segment are
 * projected in one matrix product ({@link Rnn}) and all outputs in another ({@code [T·B, H]·W_oᵀ}). The state after
 * a segment is copied into the caller's {@link LmState} and feeds the next segment; gradient stops at the segment
 * boundary (truncated BPTT with window T).
 *
 * <p><b>Buffers.</b> Inputs, logits and gradients live in buffers owned by the model, grown when a larger segment
 * arrives; a run of equal-sized segments allocates nothing. Not thread-safe.
 */
public final class CharLanguageModel implements Trainable {
    private final LmConfig config;
    private final Embedding embedding;
    private final Rnn rnn;
    private final Linear output;
    private final List<Parameter> params;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy(-1, 0f);
    private final int parts;

    private int capacity;
    private Tensor inputStore;
    private Tensor logitStore;
    private Tensor gradStore;
    private int[] ids = new int[0];
    private int[] targets = new int[0];
    private int viewSteps = -1;
    private int viewBatch = -1;
    private Tensor x;
    private Tensor logits;
    private Tensor dHidden;
    private final int[] single = new int[1];

    /**
     * @param config the architecture
     * @param seed seeds every initialisation (embedding N(0, 1), cells as in {@link dev.tolk.core.RnnCell}s, output
     *     Xavier-uniform)
     */
    public CharLanguageModel(LmConfig config, long seed) {
        this.config = config;
        this.embedding = config.oneHot()
                ? null
                : new Embedding("lm.embedding", config.vocabularySize(), config.embeddingSize(), -1, seed * 31 + 1);
        this.rnn = new Rnn(
                "lm.rnn",
                new RnnConfig(
                        config.cell(), config.inputSize(), config.hiddenSize(), config.layers(), false, false, 0f, 0),
                seed * 31 + 2);
        this.output = new Linear("lm.output", config.hiddenSize(), config.vocabularySize(), true, seed * 31 + 3);
        List<Parameter> p = new ArrayList<>();
        if (embedding != null) {
            p.addAll(embedding.parameters());
        }
        p.addAll(rnn.parameters());
        p.addAll(output.parameters());
        this.params = Collections.unmodifiableList(p);
        this.parts = rnn.cell(0, 0).stateParts();
    }

    /** @return the architecture */
    public LmConfig config() {
        return config;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /**
     * @param batch B
     * @return a zero state for B columns
     */
    public LmState newState(int batch) {
        return new LmState(config.layers(), parts, batch, config.hiddenSize());
    }

    /**
     * Forward and backward over one segment: accumulates the gradients of the summed cross-entropy scaled by
     * {@code 1/(T·B)} (the mean) into {@link #parameters()}, and moves {@code state} to the segment's final state.
     *
     * @param inputs time-major input ids; the segment is {@code [from·B, (from + steps)·B)}
     * @param targets time-major target ids, same layout
     * @param from first step of the segment
     * @param steps T ≥ 1
     * @param state B-column state: read as the initial state, overwritten with the final one
     * @return the summed negative log-likelihood of the segment's {@code T·B} targets, in nats
     */
    public double trainSegment(int[] inputs, int[] targets, int from, int steps, LmState state) {
        int batch = state.batch();
        int n = prepare(inputs, targets, from, steps, batch);
        Tensor h = forward(state, true);
        Tensor hFlat = h.reshape(n, config.hiddenSize());
        output.forward(hFlat, logits);
        SoftmaxCrossEntropy.Loss loss = crossEntropy.forward(logits, this.targets, logits, 1f / n);
        output.backward(hFlat, logits, dHidden);
        Tensor dx = rnn.backward(dHidden.reshape(steps, batch, config.hiddenSize()), null);
        if (embedding != null) {
            embedding.backward(ids, dx.reshape(n, config.embeddingSize()));
        }
        return loss.sum();
    }

    /**
     * Inference over one segment: writes {@code −log p(target)} of each position, in nats, into {@code nll} at the
     * same time-major index relative to {@code from·B}, and moves {@code state} to the segment's final state.
     *
     * @param inputs time-major input ids
     * @param targets time-major target ids
     * @param from first step
     * @param steps T ≥ 1
     * @param state B-column state, read and overwritten
     * @param nll receives {@code T·B} values starting at index 0
     */
    public void scoreSegment(int[] inputs, int[] targets, int from, int steps, LmState state, double[] nll) {
        int batch = state.batch();
        int n = prepare(inputs, targets, from, steps, batch);
        Tensor h = forward(state, false);
        output.forward(h.reshape(n, config.hiddenSize()), logits);
        int v = config.vocabularySize();
        FloatBuffer zb = logits.buffer();
        for (int i = 0; i < n; i++) {
            int base = logits.offset() + i * v;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, zb.get(base + k));
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(zb.get(base + k) - max);
            }
            nll[i] = max + Math.log(sum) - zb.get(base + this.targets[i]);
        }
    }

    /**
     * One step of a single column, for generation: reads {@code id}, moves {@code state} on and writes the logits
     * {@code z: [V]} of the next character.
     *
     * @param id the current character
     * @param state a one-column state, read and overwritten
     * @param logitsOut receives V logits
     */
    public void step(int id, LmState state, float[] logitsOut) {
        if (state.batch() != 1) {
            throw new IllegalArgumentException(
                    "CharLanguageModel.step: the state has " + state.batch() + " columns but generation needs 1");
        }
        single[0] = id;
        prepare(single, single, 0, 1, 1);
        Tensor h = forward(state, false);
        output.forward(h.reshape(1, config.hiddenSize()), logits);
        logits.copyTo(logitsOut);
    }

    private int prepare(int[] inputs, int[] targetIds, int from, int steps, int batch) {
        if (steps < 1) {
            throw new IllegalArgumentException("CharLanguageModel: steps must be >= 1, got " + steps);
        }
        int n = steps * batch;
        int start = from * batch;
        if (from < 0 || start + n > inputs.length || start + n > targetIds.length) {
            throw new IllegalArgumentException("CharLanguageModel: segment [" + from + ", " + (from + steps) + ") of "
                    + batch + " columns exceeds " + inputs.length + " inputs");
        }
        ensureCapacity(n);
        System.arraycopy(inputs, start, ids, 0, n);
        System.arraycopy(targetIds, start, targets, 0, n);
        int v = config.vocabularySize();
        for (int i = 0; i < n; i++) {
            if (ids[i] < 0 || ids[i] >= v || targets[i] < 0 || targets[i] >= v) {
                throw new IndexOutOfBoundsException(
                        "CharLanguageModel: id " + (ids[i] < 0 || ids[i] >= v ? ids[i] : targets[i]) + " at position "
                                + (start + i) + " outside [0, " + v + ")");
            }
        }
        if (steps != viewSteps || batch != viewBatch) {
            x = inputStore.rows(0, n).reshape(steps, batch, config.inputSize());
            logits = logitStore.rows(0, n);
            dHidden = gradStore.rows(0, n);
            viewSteps = steps;
            viewBatch = batch;
        }
        if (embedding != null) {
            embedding.forward(ids, x.reshape(n, config.embeddingSize()));
        } else {
            x.zero();
            FloatBuffer xb = x.buffer();
            for (int i = 0; i < n; i++) {
                xb.put(x.offset() + i * v + ids[i], 1f);
            }
        }
        return n;
    }

    private Tensor forward(LmState state, boolean training) {
        Tensor h = rnn.forward(x, null, state.tensors(), training);
        state.capture(rnn);
        return h;
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        capacity = n;
        inputStore = Tensor.zeros(n, config.inputSize());
        logitStore = Tensor.zeros(n, config.vocabularySize());
        gradStore = Tensor.zeros(n, config.hiddenSize());
        ids = new int[n];
        targets = new int[n];
        viewSteps = -1;
        viewBatch = -1;
    }

    /** @return copies of every parameter's values, named as {@link #parameters()} */
    public List<NamedTensor> exportWeights() {
        return ModelWeights.export(params);
    }

    /**
     * Loads weights written by {@link #exportWeights()} of a model with the same {@link LmConfig}.
     *
     * @param weights every parameter exactly once, by name
     * @throws IllegalArgumentException naming a missing, unexpected or mis-shaped tensor
     */
    public void importWeights(List<NamedTensor> weights) {
        ModelWeights.load(params, weights);
    }
}
