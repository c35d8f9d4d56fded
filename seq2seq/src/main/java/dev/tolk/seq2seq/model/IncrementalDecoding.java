package dev.tolk.seq2seq.model;

import dev.tolk.core.AdditiveAttention;
import dev.tolk.core.ColumnBlock;
import dev.tolk.core.ElementWise;
import dev.tolk.core.Embedding;
import dev.tolk.core.LogSoftmax;
import dev.tolk.core.RnnCell;
import dev.tolk.core.Tensor;

/**
 * The {@link Decoder}'s step-by-step decoding for search: the same equations as {@link TeacherForcing} without
 * dropout, one target position at a time for {@code N} hypotheses, with the previous token and states given by
 * the search. Every buffer is the {@link SearchWorkspace}'s.
 */
final class IncrementalDecoding {
    private final int emb;
    private final int hidden;
    private final int ctxSize;
    private final int depth;
    private final int top;
    private final boolean attentive;
    private final boolean conditional;
    private final boolean residual;
    private final Embedding embedding;
    private final RnnCell first;
    private final RnnCell[] cells;
    private final InitialState[] init;
    private final AdditiveAttention attention;
    private final OutputLayer output;
    private final SearchWorkspace n;
    // the sentences being decoded, without attention
    private Tensor fixedContext;

    IncrementalDecoding(DecoderLayers layers) {
        this.emb = layers.emb;
        this.hidden = layers.hidden;
        this.ctxSize = layers.ctxSize;
        this.depth = layers.layers;
        this.top = layers.top;
        this.attentive = layers.attentive;
        this.conditional = layers.conditional;
        this.residual = layers.residual;
        this.embedding = layers.embedding;
        this.first = layers.first;
        this.cells = layers.cells;
        this.init = layers.init;
        this.attention = layers.attention;
        this.output = layers.output;
        this.n = new SearchWorkspace(layers);
    }

    /**
     * Starts decoding {@code rows} hypotheses: sets the attention memory {@code [S, B, C]}, row {@code i} reading
     * sentence {@code rowSource[i]} (null: sentence {@code i}), and writes the initial states
     * {@code [stateParts, rows, H]} per layer into {@code states}. {@code srcLengths[rows]} and
     * {@code finals[l]: [rows, C]} are per row.
     */
    void begin(Tensor memory, int[] srcLengths, int[] rowSource, Tensor[] finals, Tensor[] states) {
        n.prepare(rowSource == null ? memory.dim(1) : rowSource.length);
        if (attentive) {
            attention.setMemory(memory, srcLengths, rowSource);
        } else {
            // the context's blocks of the first cell's input projection and of the logits, once per sentence
            fixedContext = finals[top];
            cells[0].projectInputColumns(fixedContext, emb, n.contextProj.batch(), false);
            cells[0].addInputBias(n.contextProj.batch());
            if (!output.tied()) {
                output.forwardBlockWithBias(ColumnBlock.of(fixedContext), hidden, n.contextLogits.batch());
            }
        }
        for (int l = 0; l < depth; l++) {
            states[l].zero();
            init[l].forward(finals[l], cells[l].output(states[l]));
        }
    }

    /** New zero states {@code [stateParts, rows, H]}, one per layer. */
    Tensor[] newStates(int rows) {
        Tensor[] s = new Tensor[depth];
        for (int l = 0; l < depth; l++) {
            s[l] = cells[l].newState(rows);
        }
        return s;
    }

    /**
     * One decoding step for the {@code N} rows set by {@link #begin}: reads the previous tokens {@code prev[N]} and
     * states {@code in[l]}, writes {@code out[l]} (not overlapping {@code in}) and the log-probabilities
     * {@code logProbs: [N, V]}. The attention weights of the step are then {@link #lastAttention()}.
     */
    void step(int[] prev, Tensor[] in, Tensor[] out, Tensor logProbs) {
        n.prepare(in[0].dim(1));
        Tensor x = n.x.batch();
        Tensor ctx = n.ctx.batch();
        // the logits are computed in the caller's buffer and turned into log-probabilities in place: one [N, V]
        // buffer less to write and read back
        Tensor logits = logProbs;
        embedding.forward(prev, x);
        if (conditional) {
            // s' = GRU₁(x, s^1);  ctx = attend(s');  s^1 = GRU₂(ctx, s')
            first.forward(x, in[0], n.mid, null, null);
            attention.forward(first.output(n.mid), ctx, null);
            cells[0].forward(ctx, n.mid, out[0], null, null);
        } else if (attentive) {
            attention.forward(cells[top].output(in[top]), ctx, null);
            Tensor input = n.input.batch();
            ElementWise.copyIntoColumns(x, input, 0);
            ElementWise.copyIntoColumns(ctx, input, emb);
            cells[0].forward(input, in[0], out[0], null, null);
        } else {
            Tensor xProj = n.xProj.batch();
            ElementWise.copy(n.contextProj.batch(), xProj);
            cells[0].projectInputColumns(x, 0, xProj, true);
            cells[0].forwardProjected(xProj, in[0], out[0], null, null);
        }
        Tensor h = cells[0].output(out[0]);
        for (int l = 1; l < depth; l++) {
            cells[l].forward(h, in[l], out[l], null, null);
            if (residual) {
                Tensor o = n.layerOutput[l].batch();
                o.copyFrom(cells[l].output(out[l]));
                ElementWise.axpy(1f, h, o);
                h = o;
            } else {
                h = cells[l].output(out[l]);
            }
        }
        if (!attentive && !output.tied()) {
            ElementWise.copy(n.contextLogits.batch(), logits);
            output.forwardBlock(ColumnBlock.of(h), 0, logits, true);
            output.forwardBlock(ColumnBlock.of(x), hidden + ctxSize, logits, true);
        } else {
            if (!attentive) {
                ctx.copyFrom(fixedContext);
            }
            Tensor o = n.features.batch();
            ElementWise.copyIntoColumns(h, o, 0);
            ElementWise.copyIntoColumns(ctx, o, hidden);
            ElementWise.copyIntoColumns(x, o, hidden + ctxSize);
            output.forward(o, n.projected.batch(), logits);
        }
        LogSoftmax.rows(logProbs, logProbs);
    }

    /** Attention weights {@code [N, S]} of the last {@link #step}, or null without attention. */
    Tensor lastAttention() {
        return attentive ? attention.lastWeights() : null;
    }
}
