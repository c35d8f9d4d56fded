package dev.tolk.seq2seq.model;

import dev.tolk.core.CellSpec;
import dev.tolk.core.Parameter;
import dev.tolk.core.RnnCell;
import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.core.Tensor;
import dev.tolk.core.Trainable;
import java.util.List;

/**
 * The target side: a stacked recurrent decoder, with additive attention (Bahdanau et al. 2015) or a fixed context
 * (Cho et al. 2014), or the conditional GRU of Nematus (Sennrich et al. 2017, §2.2), and the output layer.
 *
 * <pre>
 *   s^l_0   = tanh(W_init,l f_l + b_init,l)               f_l: encoder final features of layer l   [B, C]
 *   x_t     = dropout(E_tgt[y_{t−1}])                      y_{−1} = &lt;s&gt;                          [B, E]
 *   attend(q) = Σ_j α_j h_j,  α = softmax_j(vᵀ tanh(W_s q + W_h h_j))      (h_j: the memory)         [B, C]
 *
 *   Bahdanau:  ctx_t = attend(s^L_{t−1});  s^1_t = cell_1([x_t; ctx_t], s^1_{t−1})
 *   Cho:       ctx_t = f_L;                s^1_t = cell_1([x_t; ctx_t], s^1_{t−1})     (attention = none)
 *   cGRU:      s'_t = GRU₁(x_t, s^1_{t−1});  ctx_t = attend(s'_t);  s^1_t = GRU₂(ctx_t, s'_t)
 *
 *   s^l_t   = cell_l(in^l_t, s^l_{t−1}),  in^l_t = dropout(out^{l−1}_t)    (l ≥ 2)                  [B, H]
 *   out^1_t = s^1_t;  out^l_t = s^l_t (+ in^l_t with residual connections, Wu et al. 2016)
 *   o_t     = dropout([out^L_t; ctx_t; x_t])                                                      [B, F]
 *   logits  = o W_outᵀ + b        or, tied:  (o W_projᵀ) E_tgtᵀ + b      (one product over all T·B rows)
 * </pre>
 * with {@code F = H + C + E}. The first layer's cell ({@code cell_1}, cGRU's {@code GRU₂}) may be a deep
 * transition cell (Miceli Barone et al. 2017), every cell layer-normalised ({@link dev.tolk.core.CellSpec}).
 * Training uses full teacher forcing and a softmax cross-entropy that ignores padding, with label smoothing; the
 * backward pass is written by hand, in the reverse order of the forward.
 *
 * <p>The first layer's input projection {@code [x_t; ctx_t]·W_xᵀ} is split by columns: the embedding part is one
 * product over all {@code T·B} rows before the time loop (its weight gradient one product after it); the context
 * part is per step with attention, and without attention (where {@code ctx_t = c} is constant) one product per
 * sentence. Likewise, without attention, tying or output dropout, the output layer's context block
 * {@code c·W_out,cᵀ} is computed once per sentence rather than at every step ("factored"), and its gradients from
 * the time-summed logit gradients: the same function with about a third fewer FLOPs for the Cho model.
 *
 * <p>Where it is written: the layers in {@link DecoderLayers}, the training pass in {@link TeacherForcing}, the
 * step-by-step decoding of search in {@link IncrementalDecoding}; their buffers in a {@link DecoderWorkspace} and a
 * {@link SearchWorkspace}, grown on demand and reused for every batch of the same shape, so the time loops
 * allocate nothing. Not thread-safe.
 */
public final class Decoder implements Trainable {
    private final DecoderLayers layers;
    private final TeacherForcing training;
    private final IncrementalDecoding decoding;

    /**
     * @param name parameter-name prefix
     * @param cell the cells: kind and layer normalisation; the transition depth of the first layer (after attention)
     * @param conditional the conditional decoder (cGRU) rather than Bahdanau's; needs {@code attentive}
     * @param residual residual connections around layers 2 and up
     * @param vocabularySize target vocabulary size V
     * @param embeddingSize E
     * @param hiddenSize H
     * @param contextSize C, the encoder's output width
     * @param layers L
     * @param attentive additive attention (true) or the fixed context of Cho et al. (false)
     * @param tied tie the output weights to the target embeddings (through a projection F → E)
     * @param embeddingDropout dropout on target embeddings
     * @param hiddenDropoutRate dropout between decoder layers
     * @param outputDropout dropout on the output layer's input
     * @param seed initialisation seed
     */
    public Decoder(
            String name,
            CellSpec cell,
            boolean conditional,
            boolean residual,
            int vocabularySize,
            int embeddingSize,
            int hiddenSize,
            int contextSize,
            int layers,
            boolean attentive,
            boolean tied,
            double embeddingDropout,
            double hiddenDropoutRate,
            double outputDropout,
            long seed) {
        this.layers = new DecoderLayers(
                name,
                cell,
                conditional,
                residual,
                vocabularySize,
                embeddingSize,
                hiddenSize,
                contextSize,
                layers,
                attentive,
                tied,
                embeddingDropout,
                hiddenDropoutRate,
                outputDropout,
                seed);
        this.training = new TeacherForcing(this.layers);
        this.decoding = new IncrementalDecoding(this.layers);
    }

    @Override
    public List<Parameter> parameters() {
        return layers.parameters;
    }

    public int vocabularySize() {
        return layers.vocab;
    }

    public int layers() {
        return layers.layers;
    }

    /** Whether the decoder attends (Bahdanau) rather than using a fixed context (Cho). */
    public boolean attentive() {
        return layers.attentive;
    }

    /** The cell of {@code layer}. */
    public RnnCell cell(int layer) {
        return layers.cells[layer];
    }

    /** The training workspace (tests read its capacity). */
    DecoderWorkspace workspace() {
        return training.workspace();
    }

    // ---- training ----

    /**
     * Teacher-forced forward pass and loss. {@code memory: [S, B, C]} (the encoder output), {@code srcLengths[B]},
     * {@code finals[l]: [B, C]}; {@code targets}: time-major {@code [T, B]} flat (the reference followed by
     * {@code </s>}, padded with {@code <pad>}). With {@code training} dropout is applied (masks from
     * {@code stepSeed}) and the gradient of the mean loss w.r.t. the logits is kept for {@link #backward()}.
     *
     * @return summed loss and the number of real target tokens
     */
    public SoftmaxCrossEntropy.Loss forward(
            Tensor memory,
            int[] srcLengths,
            Tensor[] finals,
            int[] targets,
            int steps,
            int batch,
            SoftmaxCrossEntropy loss,
            boolean training,
            long stepSeed) {
        return forward(memory, srcLengths, finals, targets, steps, batch, loss, training, training, stepSeed);
    }

    /**
     * As {@link #forward(Tensor, int[], Tensor[], int[], int, int, SoftmaxCrossEntropy, boolean, long)}, choosing
     * separately whether dropout applies ({@code training}) and whether the logits' gradient is kept for
     * {@link #backward()} ({@code differentiate}, which requires {@code training}).
     */
    public SoftmaxCrossEntropy.Loss forward(
            Tensor memory,
            int[] srcLengths,
            Tensor[] finals,
            int[] targets,
            int steps,
            int batch,
            SoftmaxCrossEntropy loss,
            boolean training,
            boolean differentiate,
            long stepSeed) {
        return this.training.forward(
                memory, srcLengths, finals, targets, steps, batch, loss, training, differentiate, stepSeed);
    }

    /**
     * Backward of the last training {@link #forward}: accumulates every decoder parameter's gradient (of the mean
     * loss per token) and returns the gradient w.r.t. the memory {@code [S, B, C]} (zeros without attention);
     * {@link #finalGradients()} then holds the gradients w.r.t. the encoder's final features.
     *
     * @throws IllegalStateException without a preceding differentiable forward
     */
    public Tensor backward() {
        return training.backward();
    }

    /** Gradients w.r.t. the encoder's final features {@code [B, C]} per layer, after {@link #backward()}. */
    public Tensor[] finalGradients() {
        return training.finalGradients();
    }

    /** Real target tokens of the last {@link #forward}. */
    public int lastTokens() {
        return training.lastTokens();
    }

    // ---- decoding: one step for N hypotheses (greedy: N = B; beam search: N = B·K) ----

    /**
     * Starts decoding {@code rows} hypotheses: sets the attention memory {@code [S, B, C]} of the sentences, row
     * {@code i} reading sentence {@code rowSource[i]} (beam search: each sentence's K hypotheses; null: row {@code i}
     * is sentence {@code i}), and writes the initial states {@code [stateParts, rows, H]} per layer into
     * {@code states}. {@code srcLengths[rows]} and {@code finals[l]: [rows, C]} are per row.
     */
    public void begin(Tensor memory, int[] srcLengths, int[] rowSource, Tensor[] finals, Tensor[] states) {
        decoding.begin(memory, srcLengths, rowSource, finals, states);
    }

    /** New zero states {@code [stateParts, rows, H]}, one per layer. */
    public Tensor[] newStates(int rows) {
        return decoding.newStates(rows);
    }

    /**
     * One decoding step for the {@code N} rows set by {@link #begin}: reads the previous tokens {@code prev[N]} and
     * states {@code in[l]}, writes {@code out[l]} (not overlapping {@code in}) and the log-probabilities
     * {@code logProbs: [N, V]}. The attention weights of the step are then {@link #lastAttention()}.
     */
    public void step(int[] prev, Tensor[] in, Tensor[] out, Tensor logProbs) {
        decoding.step(prev, in, out, logProbs);
    }

    /** Attention weights {@code [N, S]} of the last {@link #step}, or null without attention. */
    public Tensor lastAttention() {
        return decoding.lastAttention();
    }
}
