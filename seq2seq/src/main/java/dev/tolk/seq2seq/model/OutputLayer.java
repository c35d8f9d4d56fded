package dev.tolk.seq2seq.model;

import dev.tolk.core.ColumnBlock;
import dev.tolk.core.ElementWise;
import dev.tolk.core.Embedding;
import dev.tolk.core.Gemm;
import dev.tolk.core.Linear;
import dev.tolk.core.Parameter;
import dev.tolk.core.Tensor;
import dev.tolk.core.Trainable;
import dev.tolk.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The decoder's output layer: logits over the target vocabulary from the features {@code o: [N, F]} of each
 * position (Bahdanau et al. 2015, A.2.2, without the maxout):
 *
 * <pre>
 *   logits = o W_outᵀ + b                    untied                                 W_out: [V, F], b: [V]
 *   logits = (o W_projᵀ) E_tgtᵀ + b          tied to the target embeddings           W_proj: [E, F], E_tgt: [V, E]
 * </pre>
 * (tying: Press &amp; Wolf 2017; Inan et al. 2017). The untied layer also computes column blocks of the product
 * separately, for a decoder whose context block is constant over a sentence.
 */
final class OutputLayer implements Trainable {
    private final boolean tied;
    private final Linear output;
    private final Linear projection;
    private final Parameter bias;
    private final Embedding embedding;
    private final List<Parameter> params;

    /**
     * @param name parameter-name prefix ({@code name.output}, or {@code name.projection} and {@code name.output.b})
     * @param features F
     * @param embedding the target embeddings {@code E_tgt: [V, E]} (the tied weights)
     * @param tied tie the output weights to the embeddings
     * @param seed initialisation seed
     */
    OutputLayer(String name, int features, Embedding embedding, boolean tied, long seed) {
        this.tied = tied;
        this.embedding = embedding;
        List<Parameter> p = new ArrayList<>();
        if (tied) {
            projection = new Linear(name + ".projection", features, embedding.dim(), false, seed);
            bias = Parameter.of(name + ".output.b", Tensor.zeros(embedding.vocabularySize()));
            output = null;
            p.addAll(projection.parameters());
            p.add(bias);
        } else {
            output = new Linear(name + ".output", features, embedding.vocabularySize(), true, seed);
            projection = null;
            bias = null;
            p.addAll(output.parameters());
        }
        this.params = Collections.unmodifiableList(p);
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** Whether the weights are tied to the target embeddings. */
    boolean tied() {
        return tied;
    }

    /** {@code logits: [N, V]} from {@code o: [N, F]}; tied, {@code projected: [N, E]} receives {@code o W_projᵀ}. */
    void forward(Tensor o, Tensor projected, Tensor logits) {
        if (tied) {
            projection.forward(o, projected);
            Gemm.get().gemmBias(false, true, 1f, projected, embedding.table().value(), bias.value(), logits);
        } else {
            output.forward(o, logits);
        }
    }

    /**
     * Backward of {@link #forward}: accumulates the weight gradients (tied: into the embedding table, whose
     * {@code <pad>} row stays frozen) and writes {@code dO: [N, F]}; {@code dProjected: [N, E]} is scratch.
     */
    void backward(Tensor o, Tensor projected, Tensor dLogits, Tensor dProjected, Tensor dO) {
        if (!tied) {
            output.backward(o, dLogits, dO);
            return;
        }
        Parameter table = embedding.table();
        Gemm gemm = Gemm.get();
        gemm.gemm(false, false, 1f, dLogits, table.value(), 0f, dProjected);
        gemm.gemm(true, false, 1f, dLogits, projected, 1f, table.grad());
        for (int r = 0; r < embedding.vocabularySize(); r++) {
            if (r != Vocabulary.PAD_ID) {
                table.markRowTouched(r);
            }
        }
        table.grad().row(Vocabulary.PAD_ID).zero();
        ElementWise.addColumnSums(dLogits, bias.grad());
        projection.backward(o, dProjected, dO);
    }

    /**
     * Untied: {@code logits (+)= block · W_out[:, from : from + c]ᵀ} for the features' columns {@code [from, from +
     * c)} held by {@code block: [N, c]}; no bias.
     */
    void forwardBlock(ColumnBlock block, int from, Tensor logits, boolean accumulate) {
        output.forwardColumns(block, from, logits, accumulate);
    }

    /** Untied: {@code logits = block · W_out[:, from : from + c]ᵀ + b}, as {@link #forwardBlock} plus the bias. */
    void forwardBlockWithBias(ColumnBlock block, int from, Tensor logits) {
        output.forwardColumnsWithBias(block, from, logits);
    }

    /** Untied: backward of {@link #forwardBlock} (weight gradient, and {@code dBlock} written when non-null). */
    void backwardBlock(ColumnBlock block, int from, Tensor dLogits, ColumnBlock dBlock) {
        output.backwardColumns(block, from, dLogits, dBlock, false);
    }

    /** Untied: backward of the bias of {@link #forwardBlockWithBias}. */
    void backwardBias(Tensor dLogits) {
        output.backwardBias(dLogits);
    }
}
