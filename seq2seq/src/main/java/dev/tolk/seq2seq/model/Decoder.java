package dev.tolk.seq2seq.model;

import dev.tolk.core.AdditiveAttention;
import dev.tolk.core.CellType;
import dev.tolk.core.ColumnBlock;
import dev.tolk.core.ComputeThreads;
import dev.tolk.core.ElementWise;
import dev.tolk.core.Embedding;
import dev.tolk.core.Gemm;
import dev.tolk.core.Linear;
import dev.tolk.core.Parameter;
import dev.tolk.core.RnnCell;
import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.core.StepCache;
import dev.tolk.core.Tensor;
import dev.tolk.core.Trainable;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The target side: a stacked recurrent decoder, with additive attention (Bahdanau et al. 2015) or a fixed context
 * (Cho et al. 2014), and the output layer.
 *
 * <pre>
 *   s^l_0   = tanh(W_init,l f_l + b_init,l)               f_l: encoder final features of layer l   [B, C]
 *   x_t     = dropout(E_tgt[y_{t−1}])                      y_{−1} = &lt;s&gt;                          [B, E]
 *   ctx_t   = Σ_j α_tj h_j,  α_t = softmax_j(vᵀ tanh(W_s s^L_{t−1} + W_h h_j))   (attention)         [B, C]
 *   ctx_t   = f_L                                                                    (attention = none)
 *   s^1_t   = cell_1([x_t; ctx_t], s^1_{t−1});  s^l_t = cell_l(dropout(s^{l−1}_t), s^l_{t−1})      [B, H]
 *   o_t     = dropout([s^L_t; ctx_t; x_t])                                                        [B, F]
 *   logits  = o W_outᵀ + b        or, tied:  (o W_projᵀ) E_tgtᵀ + b      (one product over all T·B rows)
 * </pre>
 * with {@code F = H + C + E}. Training uses full teacher forcing and a softmax cross-entropy that ignores
 * padding, with label smoothing; the backward pass is written by hand.
 *
 * <p>The first layer's input projection {@code [x_t; ctx_t]·W_xᵀ} is split by columns: the embedding part is one
 * product over all {@code T·B} rows before the time loop (its weight gradient one product after it); the context
 * part is per step with attention, and without attention (where {@code ctx_t = c} is constant) one product per
 * sentence. Likewise, without attention, tying or output dropout, the output layer's context block
 * {@code c·W_out,cᵀ} is computed once per sentence rather than at every step, and its gradients from the
 * time-summed logit gradients: the same function with about a third fewer FLOPs for the Cho model.
 *
 * <p>Buffers are owned by the decoder, grown on demand and reused for every batch of the same shape, so the time
 * loops allocate nothing. Not thread-safe.
 */
public final class Decoder implements Trainable {
    private final int emb;
    private final int hidden;
    private final int ctxSize;
    private final int layers;
    private final int vocab;
    private final int features;
    private final int parts;
    private final boolean attentive;
    private final boolean tied;
    private final Embedding embedding;
    private final BatchDropout embeddingDropout;
    private final BatchDropout[] hiddenDropout;
    private final BatchDropout outputDropout;
    private final RnnCell[] cells;
    private final Linear[] init;
    private final AdditiveAttention attention;
    private final Linear output;
    private final Linear projection;
    private final Parameter outputBias;
    private final List<Parameter> params;

    // ---- training buffers (capacity in rows T·B and steps) ----
    private int capRows;
    private int capSteps;
    private int capBatch;
    private int[] inIds = new int[0];
    private Tensor xBuf;
    private Tensor[] stBuf;
    private Tensor[] hdBuf;
    private Tensor ctxBuf;
    private Tensor oBuf;
    private Tensor pBuf;
    private Tensor logitsBuf;
    private Tensor dOBuf;
    private Tensor dPBuf;
    private Tensor dXBuf;
    private StepCache[][] caches;
    private AdditiveAttention.Cache[] attnCaches;
    private Tensor dInLBuf;
    private Tensor[] dSBuf;
    private Tensor[] dPrevBuf;
    private Tensor dCtxBuf;
    private Tensor dqBuf;
    private Tensor dCBuf;
    private Tensor dPreBuf;
    private Tensor[] dFinalBuf;
    private Tensor dMemBuf;
    private Tensor xpBuf;
    private Tensor dxpBuf;
    private Tensor cProjBuf;
    private Tensor dSumBuf;
    private Tensor cLogitsBuf;
    private Tensor dLSumBuf;

    // views for the current (T, B)
    private int curT = -1;
    private int curB = -1;
    private Tensor x;
    private Tensor[] xStep;
    private Tensor[][] state;
    private Tensor[][] stateH;
    private Tensor[][] hd;
    private Tensor[] ctxStep;
    private Tensor o;
    private Tensor[] oStep;
    private Tensor p;
    private Tensor logits;
    private Tensor dO;
    private Tensor[] dOStep;
    private Tensor dP;
    private Tensor dX;
    private Tensor[] dXStep;
    private Tensor dInL;
    private Tensor[] dS;
    private Tensor[] dSH;
    private Tensor[] dPrev;
    private Tensor[] dPrevH;
    private Tensor dCtx;
    private Tensor dq;
    private Tensor dC;
    private Tensor dPre;
    private Tensor[] dFinal;
    private Tensor ctxAll;
    private Tensor xpAll;
    private Tensor[] xpStep;
    private Tensor dxpAll;
    private Tensor[] dxpStep;
    private Tensor[] logitsStep;
    private Tensor cProj;
    private Tensor dSum;
    private Tensor cLogits;
    private Tensor dLSum;

    // forward bookkeeping
    private boolean factored;
    private Tensor[] finals;
    private int srcSteps;
    private boolean pending;
    private int tokens;

    // ---- inference buffers (rows N) ----
    private int capN;
    private Tensor nX;
    private Tensor nIn0;
    private Tensor nCtx;
    private Tensor nO;
    private Tensor nP;
    private Tensor nLogits;
    private Tensor fixedContext;
    private int nRows = -1;
    private Tensor vX;
    private Tensor vIn0;
    private Tensor vCtx;
    private Tensor vO;
    private Tensor vP;
    private Tensor vLogits;
    private Tensor nXp;
    private Tensor nCP;
    private Tensor nCW;
    private Tensor vXp;
    private Tensor vCP;
    private Tensor vCW;

    /**
     * @param name parameter-name prefix
     * @param cell cell kind
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
            CellType cell,
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
        this.layers = layers;
        this.vocab = vocabularySize;
        this.features = hiddenSize + contextSize + embeddingSize;
        this.attentive = attentive;
        this.tied = tied;
        List<Parameter> p = new ArrayList<>();
        this.embedding = new Embedding(name + ".embedding", vocabularySize, embeddingSize, Vocabulary.PAD_ID, seed);
        p.addAll(embedding.parameters());
        this.embeddingDropout = new BatchDropout(embeddingDropout);
        this.outputDropout = new BatchDropout(outputDropout);
        this.cells = new RnnCell[layers];
        this.init = new Linear[layers];
        this.hiddenDropout = new BatchDropout[layers];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? embeddingSize + contextSize : hiddenSize;
            cells[l] = cell.create(name + ".cell" + l, in, hiddenSize, seed + 11L * (l + 1));
            init[l] = new Linear(name + ".init" + l, contextSize, hiddenSize, true, seed + 13L * (l + 1));
            this.hiddenDropout[l] = new BatchDropout(l == 0 ? 0 : hiddenDropoutRate);
            p.addAll(cells[l].parameters());
            p.addAll(init[l].parameters());
        }
        this.parts = cells[0].stateParts();
        if (attentive) {
            attention = new AdditiveAttention(name + ".attention", hiddenSize, contextSize, hiddenSize, seed + 17L);
            p.addAll(attention.parameters());
        } else {
            attention = null;
        }
        if (tied) {
            projection = new Linear(name + ".projection", features, embeddingSize, false, seed + 19L);
            outputBias = Parameter.of(name + ".output.b", Tensor.zeros(vocabularySize));
            output = null;
            p.addAll(projection.parameters());
            p.add(outputBias);
        } else {
            output = new Linear(name + ".output", features, vocabularySize, true, seed + 19L);
            projection = null;
            outputBias = null;
            p.addAll(output.parameters());
        }
        this.params = Collections.unmodifiableList(p);
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    public int vocabularySize() {
        return vocab;
    }

    public int layers() {
        return layers;
    }

    /** Whether the decoder attends (Bahdanau) rather than using a fixed context (Cho). */
    public boolean attentive() {
        return attentive;
    }

    /** The cell of {@code layer}. */
    public RnnCell cell(int layer) {
        return cells[layer];
    }

    // =====================================================================================================
    // Training: teacher-forced forward with loss, then backward.
    // =====================================================================================================

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
        prepare(steps, batch);
        this.finals = finals;
        this.srcSteps = memory.dim(0);
        int n = steps * batch;
        for (int b = 0; b < batch; b++) {
            inIds[b] = Vocabulary.BOS_ID;
        }
        System.arraycopy(targets, 0, inIds, batch, n - batch);
        embedding.forward(inIds, x.reshape(n, emb));
        if (training) {
            embeddingDropout.draw(BatchDropout.seedFor(stepSeed, 0, 3), x.size());
            embeddingDropout.apply(x, x, 0);
            for (int l = 1; l < layers; l++) {
                hiddenDropout[l].draw(BatchDropout.seedFor(stepSeed, l, 4), n * hidden);
            }
        }
        initialStates(finals, state, stateH, batch);
        if (attentive) {
            attention.setMemory(memory, srcLengths);
        }
        int top = layers - 1;
        // first layer's input projection: the embedding part for all steps at once, the context part below
        cells[0].projectInputColumns(x.reshape(n, emb), 0, xpAll, false);
        cells[0].addInputBias(xpAll);
        if (!attentive) {
            cells[0].projectInputColumns(finals[top], emb, cProj, false);
            for (int t = 0; t < steps; t++) {
                ElementWise.axpy(1f, cProj, xpStep[t]);
            }
        }
        for (int t = 0; t < steps; t++) {
            if (attentive) {
                attention.forward(stateH[top][t], ctxStep[t], training ? attnCaches[t] : null);
                cells[0].projectInputColumns(ctxStep[t], emb, xpStep[t], true);
            } else {
                ctxStep[t].copyFrom(finals[top]);
            }
            cells[0].forwardProjected(xpStep[t], state[0][t], state[0][t + 1], null, training ? caches[0][t] : null);
            for (int l = 1; l < layers; l++) {
                Tensor in = stateH[l - 1][t + 1];
                if (training && hiddenDropout[l].active()) {
                    hiddenDropout[l].apply(in, hd[l][t], t * batch * hidden);
                    in = hd[l][t];
                } else {
                    hd[l][t].copyFrom(in);
                    in = hd[l][t];
                }
                cells[l].forward(in, state[l][t], state[l][t + 1], null, training ? caches[l][t] : null);
            }
            ElementWise.copyIntoColumns(stateH[top][t + 1], oStep[t], 0);
            ElementWise.copyIntoColumns(ctxStep[t], oStep[t], hidden);
            ElementWise.copyIntoColumns(xStep[t], oStep[t], hidden + ctxSize);
        }
        if (training) {
            outputDropout.draw(BatchDropout.seedFor(stepSeed, 0, 5), o.size());
            outputDropout.apply(o, o, 0);
        }
        factored = !attentive && !tied && !(training && outputDropout.active());
        if (factored) {
            // logits = [s; c; x]·W_outᵀ + b with the constant block c·W_out,cᵀ + b once per sentence
            output.forwardColumns(ColumnBlock.of(finals[top]), hidden, cLogits, false);
            output.addBias(cLogits);
            for (int t = 0; t < steps; t++) {
                logitsStep[t].copyFrom(cLogits);
            }
            output.forwardColumns(ColumnBlock.of(o, 0, hidden), 0, logits, true);
            output.forwardColumns(ColumnBlock.of(o, hidden + ctxSize, emb), hidden + ctxSize, logits, true);
        } else {
            computeLogits(o, p, logits);
        }
        int real = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] != loss.ignoreIndex()) {
                real++;
            }
        }
        tokens = real;
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
    public Tensor backward() {
        if (!pending) {
            throw new IllegalStateException("Decoder.backward: no training forward to differentiate");
        }
        pending = false;
        int steps = curT;
        int batch = curB;
        int n = steps * batch;
        // output layer, one product over all T·B rows
        if (tied) {
            Tensor table = embedding.table().value();
            Gemm gemm = Gemm.get();
            gemm.gemm(false, false, 1f, logits, table, 0f, dP);
            gemm.gemm(true, false, 1f, logits, p, 1f, embedding.table().grad());
            for (int r = 0; r < vocab; r++) {
                if (r != Vocabulary.PAD_ID) {
                    embedding.table().markRowTouched(r);
                }
            }
            embedding.table().grad().row(Vocabulary.PAD_ID).zero();
            ElementWise.addColumnSums(logits, outputBias.grad());
            projection.backward(o, dP, dO);
        } else if (factored) {
            int xCol = hidden + ctxSize;
            output.backwardColumns(ColumnBlock.of(o, 0, hidden), 0, logits, ColumnBlock.of(dO, 0, hidden), false);
            output.backwardColumns(ColumnBlock.of(o, xCol, emb), xCol, logits, ColumnBlock.of(dO, xCol, emb), false);
            output.backwardBias(logits);
            // the constant context block: its gradients through the logit gradients summed over time
            dLSum.copyFrom(logitsStep[0]);
            for (int t = 1; t < steps; t++) {
                ElementWise.axpy(1f, logitsStep[t], dLSum);
            }
            output.backwardColumns(ColumnBlock.of(finals[layers - 1]), hidden, dLSum, ColumnBlock.of(dC), false);
        } else {
            output.backward(o, logits, dO);
        }
        if (outputDropout.active() && !factored) {
            outputDropout.apply(dO, dO, 0);
        }
        dX.zero();
        for (int l = 0; l < layers; l++) {
            dS[l].zero();
        }
        if (!attentive && !factored) {
            dC.zero();
        }
        int top = layers - 1;
        for (int t = steps - 1; t >= 0; t--) {
            ElementWise.columnsInto(dOStep[t], 0, dSH[top], true);
            if (attentive || !factored) {
                ElementWise.columnsInto(dOStep[t], hidden, dCtx, false);
            }
            ElementWise.columnsInto(dOStep[t], hidden + ctxSize, dXStep[t], true);
            for (int l = top; l >= 1; l--) {
                cells[l].backward(caches[l][t], dS[l], dPrev[l], dInL);
                if (hiddenDropout[l].active()) {
                    hiddenDropout[l].apply(dInL, dInL, t * batch * hidden);
                }
                ElementWise.axpy(1f, dInL, dSH[l - 1]);
            }
            cells[0].backwardProjected(caches[0][t], dS[0], dPrev[0], dxpStep[t]);
            if (attentive) {
                cells[0].backwardInputColumns(null, emb, dxpStep[t], dCtx, true);
                attention.backward(attnCaches[t], dCtx, dq);
                ElementWise.axpy(1f, dq, dPrevH[top]);
            } else if (!factored) {
                ElementWise.axpy(1f, dCtx, dC);
            }
            for (int l = 0; l < layers; l++) {
                Tensor tmp = dS[l];
                dS[l] = dPrev[l];
                dPrev[l] = tmp;
                tmp = dSH[l];
                dSH[l] = dPrevH[l];
                dPrevH[l] = tmp;
            }
        }
        // first layer's input projection: weight gradients of all steps in one product per column block
        cells[0].backwardInputColumns(x.reshape(n, emb), 0, dxpAll, dX.reshape(n, emb), true);
        cells[0].backwardInputBias(dxpAll);
        if (attentive) {
            cells[0].backwardInputColumns(ctxAll, emb, dxpAll, null, false);
        } else {
            dSum.copyFrom(dxpStep[0]);
            for (int t = 1; t < steps; t++) {
                ElementWise.axpy(1f, dxpStep[t], dSum);
            }
            cells[0].backwardInputColumns(finals[top], emb, dSum, dC, true);
        }
        // initial states: s_0 = tanh(W_init f + b)
        for (int l = 0; l < layers; l++) {
            Tensor s0 = stateH[l][0];
            FloatBuffer sb = s0.buffer();
            FloatBuffer gb = dSH[l].buffer();
            FloatBuffer pb = dPre.buffer();
            for (int i = 0, m = batch * hidden; i < m; i++) {
                float s = sb.get(s0.offset() + i);
                pb.put(dPre.offset() + i, gb.get(dSH[l].offset() + i) * (1f - s * s));
            }
            init[l].backward(finals[l], dPre, dFinal[l]);
        }
        if (!attentive) {
            ElementWise.axpy(1f, dC, dFinal[top]);
        }
        if (embeddingDropout.active()) {
            embeddingDropout.apply(dX, dX, 0);
        }
        embedding.backward(inIds, dX.reshape(n, emb));
        if (attentive) {
            return attention.backwardMemory();
        }
        if (dMemBuf.size() < srcSteps * batch * ctxSize) {
            dMemBuf = Tensor.zeros(2 * srcSteps * batch * ctxSize);
        }
        Tensor dMem = dMemBuf.rows(0, srcSteps * batch * ctxSize).reshape(srcSteps, batch, ctxSize);
        return dMem.zero();
    }

    /** Gradients w.r.t. the encoder's final features {@code [B, C]} per layer, after {@link #backward()}. */
    public Tensor[] finalGradients() {
        return dFinal;
    }

    /** Real target tokens of the last {@link #forward}. */
    public int lastTokens() {
        return tokens;
    }

    private void initialStates(Tensor[] finals, Tensor[][] st, Tensor[][] stH, int batch) {
        for (int l = 0; l < layers; l++) {
            st[l][0].zero();
            Tensor h = stH[l][0];
            init[l].forward(finals[l], h);
            tanhInPlace(h);
        }
    }

    private static void tanhInPlace(Tensor h) {
        FloatBuffer b = h.buffer();
        for (int i = h.offset(), end = h.offset() + h.size(); i < end; i++) {
            b.put(i, ElementWise.tanh(b.get(i)));
        }
    }

    private void computeLogits(Tensor in, Tensor proj, Tensor out) {
        if (tied) {
            projection.forward(in, proj);
            Gemm.get().gemm(false, true, 1f, proj, embedding.table().value(), 0f, out);
            ElementWise.addRowVector(out, outputBias.value());
        } else {
            output.forward(in, out);
        }
    }

    private void prepare(int steps, int batch) {
        if (steps == curT && batch == curB) {
            return;
        }
        int n = steps * batch;
        if (n > capRows || steps > capSteps || batch > capBatch) {
            // grow each dimension only when exceeded (rows by at least a quarter, to bound reallocations)
            int rows = n > capRows ? Math.max(n, capRows + capRows / 4) : capRows;
            allocate(rows, Math.max(steps, capSteps), Math.max(batch, capBatch));
        }
        x = xBuf.rows(0, n * emb).reshape(steps, batch, emb);
        xStep = new Tensor[steps];
        ctxStep = new Tensor[steps];
        oStep = new Tensor[steps];
        dOStep = new Tensor[steps];
        dXStep = new Tensor[steps];
        o = oBuf.rows(0, n * features).reshape(n, features);
        dO = dOBuf.rows(0, n * features).reshape(n, features);
        dX = dXBuf.rows(0, n * emb).reshape(steps, batch, emb);
        p = tied ? pBuf.rows(0, n * emb).reshape(n, emb) : null;
        dP = tied ? dPBuf.rows(0, n * emb).reshape(n, emb) : null;
        logits = logitsBuf.rows(0, n * vocab).reshape(n, vocab);
        Tensor ctx = ctxBuf.rows(0, n * ctxSize).reshape(steps, batch, ctxSize);
        ctxAll = ctx.reshape(n, ctxSize);
        int gh = cells[0].projectionSize();
        xpAll = xpBuf.rows(0, n * gh).reshape(n, gh);
        dxpAll = dxpBuf.rows(0, n * gh).reshape(n, gh);
        xpStep = new Tensor[steps];
        dxpStep = new Tensor[steps];
        logitsStep = new Tensor[steps];
        cProj = cProjBuf.rows(0, batch * gh).reshape(batch, gh);
        dSum = dSumBuf.rows(0, batch * gh).reshape(batch, gh);
        cLogits = cLogitsBuf.rows(0, batch * vocab).reshape(batch, vocab);
        dLSum = dLSumBuf.rows(0, batch * vocab).reshape(batch, vocab);
        for (int t = 0; t < steps; t++) {
            xStep[t] = x.row(t);
            xpStep[t] = xpAll.rows(t * batch, batch);
            dxpStep[t] = dxpAll.rows(t * batch, batch);
            logitsStep[t] = logits.rows(t * batch, batch);
            ctxStep[t] = ctx.row(t);
            oStep[t] = o.rows(t * batch, batch);
            dOStep[t] = dO.rows(t * batch, batch);
            dXStep[t] = dX.row(t);
        }
        state = new Tensor[layers][steps + 1];
        stateH = new Tensor[layers][steps + 1];
        hd = new Tensor[layers][];
        dS = new Tensor[layers];
        dSH = new Tensor[layers];
        dPrev = new Tensor[layers];
        dPrevH = new Tensor[layers];
        dFinal = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            Tensor all =
                    stBuf[l].rows(0, (steps + 1) * parts * batch * hidden).reshape(steps + 1, parts, batch, hidden);
            for (int t = 0; t <= steps; t++) {
                state[l][t] = all.row(t);
                stateH[l][t] = cells[l].output(state[l][t]);
            }
            if (l > 0) {
                Tensor h = hdBuf[l].rows(0, n * hidden).reshape(steps, batch, hidden);
                hd[l] = new Tensor[steps];
                for (int t = 0; t < steps; t++) {
                    hd[l][t] = h.row(t);
                }
            }
            dS[l] = dSBuf[l].rows(0, parts * batch * hidden).reshape(parts, batch, hidden);
            dPrev[l] = dPrevBuf[l].rows(0, parts * batch * hidden).reshape(parts, batch, hidden);
            dSH[l] = cells[l].output(dS[l]);
            dPrevH[l] = cells[l].output(dPrev[l]);
            dFinal[l] = dFinalBuf[l].rows(0, batch * ctxSize).reshape(batch, ctxSize);
        }
        dInL = dInLBuf.rows(0, batch * hidden).reshape(batch, hidden);
        dCtx = dCtxBuf.rows(0, batch * ctxSize).reshape(batch, ctxSize);
        dq = dqBuf.rows(0, batch * hidden).reshape(batch, hidden);
        dC = dCBuf.rows(0, batch * ctxSize).reshape(batch, ctxSize);
        dPre = dPreBuf.rows(0, batch * hidden).reshape(batch, hidden);
        curT = steps;
        curB = batch;
    }

    private void allocate(int rows, int steps, int batch) {
        capRows = rows;
        capSteps = steps;
        capBatch = batch;
        inIds = new int[rows];
        xBuf = Tensor.zeros(rows * emb);
        xpBuf = Tensor.zeros(rows * cells[0].projectionSize());
        dxpBuf = Tensor.zeros(rows * cells[0].projectionSize());
        cProjBuf = Tensor.zeros(batch * cells[0].projectionSize());
        dSumBuf = Tensor.zeros(batch * cells[0].projectionSize());
        cLogitsBuf = Tensor.zeros(batch * vocab);
        dLSumBuf = Tensor.zeros(batch * vocab);
        ctxBuf = Tensor.zeros(rows * ctxSize);
        oBuf = Tensor.zeros(rows * features);
        dOBuf = Tensor.zeros(rows * features);
        dXBuf = Tensor.zeros(rows * emb);
        if (tied) {
            pBuf = Tensor.zeros(rows * emb);
            dPBuf = Tensor.zeros(rows * emb);
        }
        logitsBuf = Tensor.zeros((long) rows * vocab > Integer.MAX_VALUE ? fail(rows) : rows * vocab);
        stBuf = new Tensor[layers];
        hdBuf = new Tensor[layers];
        dSBuf = new Tensor[layers];
        dPrevBuf = new Tensor[layers];
        dFinalBuf = new Tensor[layers];
        caches = new StepCache[layers][steps];
        for (int l = 0; l < layers; l++) {
            stBuf[l] = Tensor.zeros((rows + batch) * parts * hidden);
            if (l > 0) {
                hdBuf[l] = Tensor.zeros(rows * hidden);
            }
            dSBuf[l] = Tensor.zeros(parts * batch * hidden);
            dPrevBuf[l] = Tensor.zeros(parts * batch * hidden);
            dFinalBuf[l] = Tensor.zeros(batch * ctxSize);
            for (int t = 0; t < steps; t++) {
                caches[l][t] = cells[l].newStepCache(batch);
            }
        }
        attnCaches = new AdditiveAttention.Cache[steps];
        if (attentive) {
            for (int t = 0; t < steps; t++) {
                attnCaches[t] = attention.newCache();
            }
        }
        dInLBuf = Tensor.zeros(batch * hidden);
        dCtxBuf = Tensor.zeros(batch * ctxSize);
        dqBuf = Tensor.zeros(batch * hidden);
        dCBuf = Tensor.zeros(batch * ctxSize);
        dPreBuf = Tensor.zeros(batch * hidden);
        dMemBuf = Tensor.zeros(rows * ctxSize);
        curT = -1;
        curB = -1;
    }

    private static int fail(int rows) {
        throw new IllegalArgumentException("Decoder: a batch of " + rows + " target positions needs more than 2^31 "
                + "logits; lower train.batch_tokens");
    }

    // =====================================================================================================
    // Inference: one step for N hypotheses (greedy: N = B; beam search: N = B·K).
    // =====================================================================================================

    /**
     * Starts decoding {@code rows} hypotheses: sets the attention memory {@code [S, rows, C]} (rows already expanded
     * for beams) and writes the initial states {@code [stateParts, rows, H]} per layer into {@code states}.
     * {@code finals[l]: [rows, C]}.
     */
    public void begin(Tensor memory, int[] srcLengths, Tensor[] finals, Tensor[] states) {
        int rows = memory.dim(1);
        ensureInference(rows);
        if (attentive) {
            attention.setMemory(memory, srcLengths);
        } else {
            // the context's blocks of the first layer's input projection and of the output layer, once per sentence
            fixedContext = finals[layers - 1];
            cells[0].projectInputColumns(fixedContext, emb, vCP, false);
            cells[0].addInputBias(vCP);
            if (!tied) {
                output.forwardColumns(ColumnBlock.of(fixedContext), hidden, vCW, false);
                output.addBias(vCW);
            }
        }
        for (int l = 0; l < layers; l++) {
            states[l].zero();
            Tensor h = cells[l].output(states[l]);
            init[l].forward(finals[l], h);
            tanhInPlace(h);
        }
    }

    /** New zero states {@code [stateParts, rows, H]}, one per layer. */
    public Tensor[] newStates(int rows) {
        Tensor[] s = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            s[l] = cells[l].newState(rows);
        }
        return s;
    }

    /**
     * One decoding step for the {@code N} rows set by {@link #begin}: reads the previous tokens {@code prev[N]} and
     * states {@code in[l]}, writes {@code out[l]} (not overlapping {@code in}) and the log-probabilities
     * {@code logProbs: [N, V]}. The attention weights of the step are then {@link #lastAttention()}.
     */
    public void step(int[] prev, Tensor[] in, Tensor[] out, Tensor logProbs) {
        int rows = in[0].dim(1);
        ensureInference(rows);
        int top = layers - 1;
        embedding.forward(prev, vX);
        if (attentive) {
            attention.forward(cells[top].output(in[top]), vCtx, null);
            ElementWise.copyIntoColumns(vX, vIn0, 0);
            ElementWise.copyIntoColumns(vCtx, vIn0, emb);
            cells[0].forward(vIn0, in[0], out[0], null, null);
        } else {
            vXp.copyFrom(vCP);
            cells[0].projectInputColumns(vX, 0, vXp, true);
            cells[0].forwardProjected(vXp, in[0], out[0], null, null);
        }
        for (int l = 1; l < layers; l++) {
            cells[l].forward(cells[l - 1].output(out[l - 1]), in[l], out[l], null, null);
        }
        if (!attentive && !tied) {
            vLogits.copyFrom(vCW);
            output.forwardColumns(ColumnBlock.of(cells[top].output(out[top])), 0, vLogits, true);
            output.forwardColumns(ColumnBlock.of(vX), hidden + ctxSize, vLogits, true);
            logSoftmax(vLogits, logProbs);
            return;
        }
        if (!attentive) {
            vCtx.copyFrom(fixedContext);
        }
        ElementWise.copyIntoColumns(cells[top].output(out[top]), vO, 0);
        ElementWise.copyIntoColumns(vCtx, vO, hidden);
        ElementWise.copyIntoColumns(vX, vO, hidden + ctxSize);
        computeLogits(vO, vP, vLogits);
        logSoftmax(vLogits, logProbs);
    }

    /** Attention weights {@code [N, S]} of the last {@link #step}, or null without attention. */
    public Tensor lastAttention() {
        return attentive ? attention.lastWeights() : null;
    }

    /** Rows of logits per part when {@link #logSoftmax} is split over the compute threads. */
    private static final int LOG_SOFTMAX_MIN_ELEMENTS = 1 << 16;

    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * Row-wise log-softmax {@code out = z − logΣexp(z)} ({@code [N, V]}); rows are split over the compute threads
     * (as many as the matrix products use) when large enough: the exponentials cost as much as a product here.
     */
    private static void logSoftmax(Tensor z, Tensor out) {
        int n = z.rowCount();
        ComputeThreads.shared()
                .forRows(
                        n,
                        (long) n * z.colCount(),
                        LOG_SOFTMAX_MIN_ELEMENTS,
                        (part, from, to) -> logSoftmaxRows(z, out, from, to));
    }

    private static void logSoftmaxRows(Tensor z, Tensor out, int from, int to) {
        int v = z.colCount();
        float[][] holder = ROW.get();
        if (holder[0].length < v) {
            holder[0] = new float[v];
        }
        float[] row = holder[0];
        FloatBuffer zb = z.buffer();
        FloatBuffer ob = out.buffer();
        for (int i = from; i < to; i++) {
            zb.get(z.offset() + i * v, row, 0, v);
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, row[k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(row[k] - max);
            }
            float lse = (float) (max + Math.log(sum));
            for (int k = 0; k < v; k++) {
                row[k] -= lse;
            }
            ob.put(out.offset() + i * v, row, 0, v);
        }
    }

    private void ensureInference(int rows) {
        if (rows > capN) {
            capN = Math.max(rows, capN * 2);
            nX = Tensor.zeros(capN * emb);
            nIn0 = Tensor.zeros(capN * (emb + ctxSize));
            nCtx = Tensor.zeros(capN * ctxSize);
            nO = Tensor.zeros(capN * features);
            nP = Tensor.zeros(capN * emb);
            nLogits = Tensor.zeros(capN * vocab);
            int gh = cells[0].projectionSize();
            nXp = Tensor.zeros(capN * gh);
            nCP = attentive ? null : Tensor.zeros(capN * gh);
            nCW = attentive || tied ? null : Tensor.zeros(capN * vocab);
            nRows = -1;
        }
        if (rows != nRows) {
            vX = nX.rows(0, rows * emb).reshape(rows, emb);
            vIn0 = nIn0.rows(0, rows * (emb + ctxSize)).reshape(rows, emb + ctxSize);
            vCtx = nCtx.rows(0, rows * ctxSize).reshape(rows, ctxSize);
            vO = nO.rows(0, rows * features).reshape(rows, features);
            vP = nP.rows(0, rows * emb).reshape(rows, emb);
            vLogits = nLogits.rows(0, rows * vocab).reshape(rows, vocab);
            int gh = cells[0].projectionSize();
            vXp = nXp.rows(0, rows * gh).reshape(rows, gh);
            vCP = nCP == null ? null : nCP.rows(0, rows * gh).reshape(rows, gh);
            vCW = nCW == null ? null : nCW.rows(0, rows * vocab).reshape(rows, vocab);
            nRows = rows;
        }
    }
}
