package dev.tolk.seq2seq.model;

import dev.tolk.core.AdditiveAttention;
import dev.tolk.core.CellSpec;
import dev.tolk.core.Dropout;
import dev.tolk.core.Embedding;
import dev.tolk.core.Parameter;
import dev.tolk.core.RnnCell;
import dev.tolk.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layers of a {@link Decoder}, named as its equations name them, and its sizes: shared by the teacher-forced
 * pass ({@link TeacherForcing}) and step-by-step decoding ({@link IncrementalDecoding}). Parameters are listed
 * (and named, and seeded) in a fixed order: embedding, then per layer its cell and initial state, attention, the
 * output layer. The conditional decoder (cGRU) adds its first cell {@link #first} right after the embedding; its
 * {@code cells[0]} then reads the context alone.
 */
final class DecoderLayers {
    /** E, H, C, V, L and {@code L − 1}. */
    final int emb;

    final int hidden;
    final int ctxSize;
    final int vocab;
    final int layers;
    final int top;
    /** {@code F = H + C + E}: the output layer's input width. */
    final int features;
    /** Additive attention (Bahdanau) rather than the fixed context of Cho et al. */
    final boolean attentive;
    /** The conditional decoder (cGRU): {@link #first} on {@code E[y_{t−1}]}, attention from its state. */
    final boolean conditional;
    /** Residual connections around layers {@code l ≥ 1}: {@code out^l_t = h^l_t + dropout(out^{l−1}_t)}. */
    final boolean residual;
    /** {@code E_tgt: [V, E]}. */
    final Embedding embedding;
    /** On {@code E_tgt[y_{t−1}]}, between layers (index {@code l ≥ 1}; layer 0's is inactive), on {@code o_t}. */
    final Dropout embeddingDropout;

    final Dropout[] hiddenDropout;
    final Dropout outputDropout;
    /** cGRU's first cell {@code s'_t = GRU₁(x_t, s_{t−1})}, {@code x_t: [B, E]}; null otherwise. */
    final RnnCell first;
    /**
     * {@code cell_l}; layer 0 reads {@code [x_t; ctx_t]: [B, E + C]} (cGRU: {@code ctx_t: [B, C]}) and may be a deep
     * transition cell, the others read {@code [B, H]}.
     */
    final RnnCell[] cells;
    /** {@code s^l_0 = tanh(W_init,l f_l + b)}. */
    final InitialState[] init;
    /** Null without attention. */
    final AdditiveAttention attention;

    final OutputLayer output;
    final List<Parameter> parameters;

    DecoderLayers(
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
        this.emb = embeddingSize;
        this.hidden = hiddenSize;
        this.ctxSize = contextSize;
        this.vocab = vocabularySize;
        this.layers = layers;
        this.top = layers - 1;
        this.features = hiddenSize + contextSize + embeddingSize;
        this.attentive = attentive;
        this.conditional = conditional;
        this.residual = residual;
        if (conditional && !attentive) {
            throw new IllegalArgumentException("Decoder: the conditional decoder needs attention");
        }
        List<Parameter> p = new ArrayList<>();
        this.embedding = new Embedding(name + ".embedding", vocabularySize, embeddingSize, Vocabulary.PAD_ID, seed);
        p.addAll(embedding.parameters());
        CellSpec plain = new CellSpec(cell.type(), cell.layerNorm(), 1);
        this.first = conditional ? plain.create(name + ".gru1", embeddingSize, hiddenSize, seed + 23L) : null;
        if (conditional) {
            p.addAll(first.parameters());
        }
        this.embeddingDropout = new Dropout(embeddingDropout);
        this.outputDropout = new Dropout(outputDropout);
        this.cells = new RnnCell[layers];
        this.init = new InitialState[layers];
        this.hiddenDropout = new Dropout[layers];
        for (int l = 0; l < layers; l++) {
            int in = l > 0 ? hiddenSize : conditional ? contextSize : embeddingSize + contextSize;
            cells[l] = (l == 0 ? cell : plain).create(name + ".cell" + l, in, hiddenSize, seed + 11L * (l + 1));
            init[l] = new InitialState(name + ".init" + l, contextSize, hiddenSize, seed + 13L * (l + 1));
            hiddenDropout[l] = new Dropout(l == 0 ? 0 : hiddenDropoutRate);
            p.addAll(cells[l].parameters());
            p.addAll(init[l].parameters());
        }
        if (attentive) {
            attention = new AdditiveAttention(name + ".attention", hiddenSize, contextSize, hiddenSize, seed + 17L);
            p.addAll(attention.parameters());
        } else {
            attention = null;
        }
        this.output = new OutputLayer(name, features, embedding, tied, seed + 19L);
        p.addAll(output.parameters());
        this.parameters = Collections.unmodifiableList(p);
    }

    /**
     * Without attention and tying, the output layer's context block {@code c·W_out,cᵀ + b} is constant over a
     * sentence and computed once ("factored"), unless output dropout changes {@code c} per position.
     */
    boolean factored(boolean outputDropped) {
        return !attentive && !output.tied() && !outputDropped;
    }
}
