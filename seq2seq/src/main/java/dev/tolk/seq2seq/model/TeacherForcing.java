package dev.tolk.seq2seq.model;

import dev.tolk.core.AdditiveAttention;
import dev.tolk.core.ColumnBlock;
import dev.tolk.core.Dropout;
import dev.tolk.core.ElementWise;
import dev.tolk.core.Embedding;
import dev.tolk.core.RnnCell;
import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.core.Tensor;
import dev.tolk.tokenizer.Vocabulary;

/**
 * The {@link Decoder}'s training pass: the teacher-forced forward over all {@code T} steps of a batch, the loss,
 * and the hand-written backward in the reverse order, one equation after another as {@link Decoder} states them.
 * Every buffer is the {@link DecoderWorkspace}'s.
 */
final class TeacherForcing {
    private final DecoderLayers layers;
    private final int emb;
    private final int hidden;
    private final int ctxSize;
    private final int depth;
    private final int top;
    private final boolean attentive;
    private final boolean conditional;
    private final boolean residual;
    private final Embedding embedding;
    private final Dropout embeddingDropout;
    private final Dropout[] hiddenDropout;
    private final Dropout outputDropout;
    private final RnnCell first;
    private final RnnCell[] cells;
    private final InitialState[] init;
    private final AdditiveAttention attention;
    private final OutputLayer output;
    private final DecoderWorkspace w;

    // the last forward, for its backward
    private Tensor[] finals;
    private int srcSteps;
    private int steps;
    private int batch;
    private boolean factored;
    private boolean pending;
    private int tokens;

    TeacherForcing(DecoderLayers layers) {
        this.layers = layers;
        this.emb = layers.emb;
        this.hidden = layers.hidden;
        this.ctxSize = layers.ctxSize;
        this.depth = layers.layers;
        this.top = layers.top;
        this.attentive = layers.attentive;
        this.conditional = layers.conditional;
        this.residual = layers.residual;
        this.embedding = layers.embedding;
        this.embeddingDropout = layers.embeddingDropout;
        this.hiddenDropout = layers.hiddenDropout;
        this.outputDropout = layers.outputDropout;
        this.first = layers.first;
        this.cells = layers.cells;
        this.init = layers.init;
        this.attention = layers.attention;
        this.output = layers.output;
        this.w = new DecoderWorkspace(layers);
    }

    /** The workspace (tests read its capacity). */
    DecoderWorkspace workspace() {
        return w;
    }

    /**
     * Teacher-forced forward pass and loss (see {@link Decoder#forward(Tensor, int[], Tensor[], int[], int, int,
     * SoftmaxCrossEntropy, boolean, boolean, long)}).
     */
    SoftmaxCrossEntropy.Loss forward(
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
        w.prepare(steps, batch);
        this.finals = finals;
        this.srcSteps = memory.dim(0);
        this.steps = steps;
        this.batch = batch;
        int positions = steps * batch;
        Tensor c = finals[top];
        // x_t = dropout(E[y_{t−1}]), y_{−1} = <s>
        java.util.Arrays.fill(w.inputIds, 0, batch, Vocabulary.BOS_ID);
        System.arraycopy(targets, 0, w.inputIds, batch, positions - batch);
        embedding.forward(w.inputIds, w.x.all());
        if (training) {
            embeddingDropout.draw(Dropout.seedFor(stepSeed, 0, 3), w.x.all().size());
            embeddingDropout.apply(w.x.all(), w.x.all(), 0);
            for (int l = 1; l < depth; l++) {
                hiddenDropout[l].draw(Dropout.seedFor(stepSeed, l, 4), positions * hidden);
            }
        }
        // s^l_0 = tanh(W_init,l f_l + b)
        for (int l = 0; l < depth; l++) {
            w.state[l][0].zero();
            init[l].forward(finals[l], w.stateH[l][0]);
        }
        if (attentive) {
            attention.setMemory(memory, srcLengths);
        }
        if (conditional) {
            // GRU₁'s input projection x_t·W_1ᵀ + b_1 for all steps at once
            first.projectInput(w.x.all(), w.firstProj.all());
        } else {
            // the first cell's input projection: x_t·W_x,xᵀ + b_x for all steps at once; c·W_x,cᵀ once per sentence
            cells[0].projectInputColumns(w.x.all(), 0, w.xProj.all(), false);
            cells[0].addInputBias(w.xProj.all());
            if (!attentive) {
                cells[0].projectInputColumns(c, emb, w.contextProj.batch(), false);
                for (int t = 0; t < steps; t++) {
                    ElementWise.axpy(1f, w.contextProj.batch(), w.xProj.step(t));
                }
            }
        }
        for (int t = 0; t < steps; t++) {
            Tensor ctx = w.ctx.step(t);
            Tensor previous = w.state[0][t];
            if (conditional) {
                // s'_t = GRU₁(x_t, s^1_{t−1});  ctx_t = attend(s'_t);  GRU₂'s projection ctx_t·W_2ᵀ + b_2
                first.forwardProjected(
                        w.firstProj.step(t), previous, w.mid[t], null, training ? w.firstCaches[t] : null);
                attention.forward(w.midH[t], ctx, training ? w.attentionCaches[t] : null);
                cells[0].projectInput(ctx, w.xProj.step(t));
                previous = w.mid[t];
            } else if (attentive) {
                // ctx_t = attend(s^L_{t−1}); its block of the projection: ctx_t·W_x,ctxᵀ
                attention.forward(w.stateH[top][t], ctx, training ? w.attentionCaches[t] : null);
                cells[0].projectInputColumns(ctx, emb, w.xProj.step(t), true);
            } else {
                ctx.copyFrom(c);
            }
            // s^1_t = cell_1([x_t; ctx_t], s^1_{t−1})   (cGRU: GRU₂(ctx_t, s'_t))
            cells[0].forwardProjected(
                    w.xProj.step(t), previous, w.state[0][t + 1], null, training ? w.caches[0][t] : null);
            // s^l_t = cell_l(in^l_t, s^l_{t−1}),  in^l_t = dropout(out^{l−1}_t);  residual: out^l_t = s^l_t + in^l_t
            for (int l = 1; l < depth; l++) {
                Tensor in = w.layerInput[l].step(t);
                if (training && hiddenDropout[l].active()) {
                    hiddenDropout[l].apply(layerOutput(l - 1, t), in, t * batch * hidden);
                } else {
                    in.copyFrom(layerOutput(l - 1, t));
                }
                cells[l].forward(in, w.state[l][t], w.state[l][t + 1], null, training ? w.caches[l][t] : null);
                if (residual) {
                    Tensor out = w.layerOutput[l].step(t);
                    out.copyFrom(w.stateH[l][t + 1]);
                    ElementWise.axpy(1f, in, out);
                }
            }
            // o_t = [out^L_t; ctx_t; x_t]
            Tensor o = w.features.step(t);
            ElementWise.copyIntoColumns(layerOutput(top, t), o, 0);
            ElementWise.copyIntoColumns(ctx, o, hidden);
            ElementWise.copyIntoColumns(w.x.step(t), o, hidden + ctxSize);
        }
        Tensor o = w.features.all();
        if (training) {
            outputDropout.draw(Dropout.seedFor(stepSeed, 0, 5), o.size());
            outputDropout.apply(o, o, 0);
        }
        factored = layers.factored(training && outputDropout.active());
        if (factored) {
            // logits = [s; c; x]·W_outᵀ + b with the constant block c·W_out,cᵀ + b once per sentence
            Tensor cLogits = w.contextLogits.batch();
            output.forwardBlockWithBias(ColumnBlock.of(c), hidden, cLogits);
            for (int t = 0; t < steps; t++) {
                ElementWise.copy(cLogits, w.logits.step(t));
            }
            output.forwardBlock(ColumnBlock.of(o, 0, hidden), 0, w.logits.all(), true);
            output.forwardBlock(ColumnBlock.of(o, hidden + ctxSize, emb), hidden + ctxSize, w.logits.all(), true);
        } else {
            output.forward(o, w.projected == null ? null : w.projected.all(), w.logits.all());
        }
        int real = 0;
        for (int i = 0; i < positions; i++) {
            if (targets[i] != loss.ignoreIndex()) {
                real++;
            }
        }
        tokens = real;
        Tensor logits = w.logits.all();
        SoftmaxCrossEntropy.Loss result =
                loss.forward(logits, targets, differentiate ? logits : null, real == 0 ? 0f : 1f / real);
        pending = differentiate;
        return result;
    }

    /**
     * Backward of the last training {@link #forward}: accumulates every decoder parameter's gradient (of the mean
     * loss per token) and returns the gradient w.r.t. the memory {@code [S, B, C]} (zeros without attention);
     * {@link #finalGradients()} then holds the gradients w.r.t. the encoder's final features.
     */
    Tensor backward() {
        if (!pending) {
            throw new IllegalStateException("Decoder.backward: no training forward to differentiate");
        }
        pending = false;
        Tensor c = finals[top];
        Tensor o = w.features.all();
        Tensor dO = w.dFeatures.all();
        Tensor dLogits = w.logits.all();
        Tensor dC = w.dContext.batch();
        int xCol = hidden + ctxSize;
        // the output layer, one product over all T·B rows
        if (factored) {
            output.backwardBlock(ColumnBlock.of(o, 0, hidden), 0, dLogits, ColumnBlock.of(dO, 0, hidden));
            output.backwardBlock(ColumnBlock.of(o, xCol, emb), xCol, dLogits, ColumnBlock.of(dO, xCol, emb));
            output.backwardBias(dLogits);
            // the constant context block: its gradients through the logit gradients summed over time
            Tensor dLSum = w.dLogitsSum.batch();
            dLSum.copyFrom(w.logits.step(0));
            for (int t = 1; t < steps; t++) {
                ElementWise.axpy(1f, w.logits.step(t), dLSum);
            }
            output.backwardBlock(ColumnBlock.of(c), hidden, dLSum, ColumnBlock.of(dC));
        } else {
            Tensor projected = w.projected == null ? null : w.projected.all();
            Tensor dProjected = w.dProjected == null ? null : w.dProjected.all();
            output.backward(o, projected, dLogits, dProjected, dO);
            if (outputDropout.active()) {
                outputDropout.apply(dO, dO, 0);
            }
        }
        w.dX.all().zero();
        for (int l = 0; l < depth; l++) {
            w.dState[l].zero();
        }
        if (!attentive && !factored) {
            dC.zero();
        }
        Tensor dCtx = w.dCtx.batch();
        Tensor dIn = w.dLayerInput.batch();
        Tensor dOut = w.dOut.batch();
        for (int t = steps - 1; t >= 0; t--) {
            // o_t = [out^L_t; ctx_t; x_t]
            Tensor dOt = w.dFeatures.step(t);
            if (residual) {
                ElementWise.columnsInto(dOt, 0, dOut, false);
                ElementWise.axpy(1f, dOut, w.dStateH[top]);
            } else {
                ElementWise.columnsInto(dOt, 0, w.dStateH[top], true);
            }
            if (attentive || !factored) {
                ElementWise.columnsInto(dOt, hidden, dCtx, false);
            }
            ElementWise.columnsInto(dOt, xCol, w.dX.step(t), true);
            // s^l_t = cell_l(in^l_t, s^l_{t−1}),  in^l_t = dropout(out^{l−1}_t)
            for (int l = top; l >= 1; l--) {
                cells[l].backward(w.caches[l][t], w.dState[l], w.dPrev[l], dIn);
                if (residual) {
                    ElementWise.axpy(1f, dOut, dIn);
                }
                if (hiddenDropout[l].active()) {
                    hiddenDropout[l].apply(dIn, dIn, t * batch * hidden);
                }
                ElementWise.axpy(1f, dIn, w.dStateH[l - 1]);
                if (residual && l > 1) {
                    dOut.copyFrom(dIn);
                }
            }
            // s^1_t = cell_1([x_t; ctx_t], s^1_{t−1})   (cGRU: GRU₂(ctx_t, s'_t))
            cells[0].backwardProjected(
                    w.caches[0][t], w.dState[0], conditional ? w.dMid : w.dPrev[0], w.dXProj.step(t));
            if (conditional) {
                // ctx_t = attend(s'_t);  s'_t = GRU₁(x_t, s^1_{t−1})
                cells[0].backwardInputColumns(null, 0, w.dXProj.step(t), dCtx, true);
                attention.backward(w.attentionCaches[t], dCtx, w.dQuery.batch());
                ElementWise.axpy(1f, w.dQuery.batch(), w.dMidH);
                first.backwardProjected(w.firstCaches[t], w.dMid, w.dPrev[0], w.dFirstProj.step(t));
            } else if (attentive) {
                // ctx_t = attend(s^L_{t−1})
                cells[0].backwardInputColumns(null, emb, w.dXProj.step(t), dCtx, true);
                attention.backward(w.attentionCaches[t], dCtx, w.dQuery.batch());
                ElementWise.axpy(1f, w.dQuery.batch(), w.dPrevH[top]);
            } else if (!factored) {
                ElementWise.axpy(1f, dCtx, dC);
            }
            w.swapStateGradients();
        }
        // the input projections: weight gradients of all steps in one product per column block
        Tensor dXProj = w.dXProj.all();
        if (conditional) {
            cells[0].backwardInput(w.ctx.all(), dXProj, null, false);
            first.backwardInput(w.x.all(), w.dFirstProj.all(), w.dX.all(), true);
        } else {
            cells[0].backwardInputColumns(w.x.all(), 0, dXProj, w.dX.all(), true);
            cells[0].backwardInputBias(dXProj);
            if (attentive) {
                cells[0].backwardInputColumns(w.ctx.all(), emb, dXProj, null, false);
            } else {
                Tensor dSum = w.dXProjSum.batch();
                dSum.copyFrom(w.dXProj.step(0));
                for (int t = 1; t < steps; t++) {
                    ElementWise.axpy(1f, w.dXProj.step(t), dSum);
                }
                cells[0].backwardInputColumns(c, emb, dSum, dC, true);
            }
        }
        // s^l_0 = tanh(W_init,l f_l + b)
        for (int l = 0; l < depth; l++) {
            init[l].backward(finals[l], w.stateH[l][0], w.dStateH[l], w.dPreInit.batch(), w.dFinal[l].batch());
        }
        if (!attentive) {
            ElementWise.axpy(1f, dC, w.dFinal[top].batch());
        }
        // x_t = dropout(E[y_{t−1}])
        if (embeddingDropout.active()) {
            embeddingDropout.apply(w.dX.all(), w.dX.all(), 0);
        }
        embedding.backward(w.inputIds, w.dX.all());
        return attentive ? attention.backwardMemory() : w.zeroMemoryGradient(srcSteps);
    }

    /** Gradients w.r.t. the encoder's final features {@code [B, C]} per layer, after {@link #backward()}. */
    Tensor[] finalGradients() {
        return w.dFinalViews;
    }

    /** Real target tokens of the last {@link #forward}. */
    int lastTokens() {
        return tokens;
    }

    /** {@code out^l_t}: the layer's state output, plus its input with residual connections ({@code l ≥ 1}). */
    private Tensor layerOutput(int l, int t) {
        return residual && l > 0 ? w.layerOutput[l].step(t) : w.stateH[l][t + 1];
    }
}
