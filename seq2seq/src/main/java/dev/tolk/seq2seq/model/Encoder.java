package dev.tolk.seq2seq.model;

import dev.tolk.core.CellSpec;
import dev.tolk.core.Dropout;
import dev.tolk.core.ElementWise;
import dev.tolk.core.Embedding;
import dev.tolk.core.Parameter;
import dev.tolk.core.Rnn;
import dev.tolk.core.RnnConfig;
import dev.tolk.core.Tensor;
import dev.tolk.core.Trainable;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The source side: embedding, dropout, and {@code L} stacked (optionally bidirectional) recurrent layers with
 * dropout between them (Bahdanau et al. 2015, §3.2; Cho et al. 2014 when unidirectional).
 *
 * <pre>
 *   x_j      = dropout(E_src[x_j])                         [S, B, E]
 *   h→_j     = cell→(x_j, h→_{j−1}),  h←_j = cell←(x_j, h←_{j+1})
 *   out_j    = [h→_j; h←_j]                                 [S, B, C],  C = directions·H
 *   f_l      = [h→_{l, last}; h←_{l, 1}]                    [B, C]   (final features of layer l)
 * </pre>
 * Layer {@code l ≥ 1} reads {@code in_l = dropout(out_{l−1})}; with residual connections (Wu et al. 2016) its output
 * is {@code out_l = [h→; h←]_l + in_l} (the final features stay the recurrent states). A cell may be
 * layer-normalised or a deep transition cell ({@link CellSpec}). Padding ({@code j ≥ length}) is masked: states carry,
 * outputs are zero, so each sentence's final forward state is the one after its own last token. Each layer is a
 * one-layer {@link Rnn} (input projections of all steps in one matrix product) so that the between-layer
 * dropout masks come from {@link Dropout} and training resumes exactly.
 *
 * <p>Buffers are owned, grown on demand and reused: the tensors returned are views valid until the next call.
 */
public final class Encoder implements Trainable {
    private final int embeddingSize;
    private final int hidden;
    private final int dirs;
    private final int layers;
    private final int parts;
    private final boolean residual;
    private final Embedding embedding;
    private final Dropout embeddingDropout;
    private final Dropout[] hiddenDropout;
    private final Rnn[] rnns;
    private final List<Parameter> params;

    private int capacity;
    private Tensor embBuf;
    private Tensor[] dropBuf;
    private Tensor[] finalBuf;
    private Tensor[][] dFinalBuf;
    private Tensor emb;
    private Tensor[] layerIn;
    private Tensor[] finals;
    private int[] ids;
    private int steps;
    private int batch;
    private boolean training;

    /**
     * @param name parameter-name prefix
     * @param cell the cell: kind, layer normalisation, transition depth
     * @param vocabularySize source vocabulary size (id 0 is padding)
     * @param embeddingSize E
     * @param hiddenSize H per direction
     * @param layers L
     * @param bidirectional two directions per layer
     * @param residual add each layer's input to its output from the second layer on
     * @param embeddingDropout dropout on embeddings
     * @param hiddenDropoutRate dropout between layers
     * @param seed initialisation seed
     */
    public Encoder(
            String name,
            CellSpec cell,
            int vocabularySize,
            int embeddingSize,
            int hiddenSize,
            int layers,
            boolean bidirectional,
            boolean residual,
            double embeddingDropout,
            double hiddenDropoutRate,
            long seed) {
        this.embeddingSize = embeddingSize;
        this.hidden = hiddenSize;
        this.dirs = bidirectional ? 2 : 1;
        this.layers = layers;
        this.residual = residual;
        this.embedding = new Embedding(name + ".embedding", vocabularySize, embeddingSize, Vocabulary.PAD_ID, seed);
        this.embeddingDropout = new Dropout(embeddingDropout);
        this.hiddenDropout = new Dropout[layers];
        this.rnns = new Rnn[layers];
        List<Parameter> p = new ArrayList<>(embedding.parameters());
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? embeddingSize : dirs * hiddenSize;
            rnns[l] = new Rnn(
                    name + ".rnn" + l,
                    new RnnConfig(cell, in, hiddenSize, 1, bidirectional, false, 0f, 0),
                    seed + 101L * (l + 1));
            p.addAll(rnns[l].parameters());
            this.hiddenDropout[l] = new Dropout(l == 0 ? 0 : hiddenDropoutRate);
        }
        this.parts = rnns[0].cell(0, 0).stateParts();
        this.params = Collections.unmodifiableList(p);
        this.layerIn = new Tensor[layers];
        this.finals = new Tensor[layers];
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** C = directions·H: width of the memory and of the final features. */
    public int outputSize() {
        return dirs * hidden;
    }

    public int layers() {
        return layers;
    }

    /**
     * Runs the encoder. {@code sourceIds}: time-major {@code [S, B]} flat; {@code lengths[b] ∈ [1, S]};
     * {@code training} applies dropout with masks from {@code stepSeed} and keeps caches for {@link #backward}.
     *
     * @return the memory {@code [S, B, C]} (a view owned by the top layer)
     */
    public Tensor forward(int[] sourceIds, int steps, int batch, int[] lengths, boolean training, long stepSeed) {
        ensure(steps * batch);
        this.steps = steps;
        this.batch = batch;
        this.training = training;
        this.ids = sourceIds;
        int n = steps * batch;
        emb = embBuf.rows(0, n * embeddingSize).reshape(steps, batch, embeddingSize);
        embedding.forward(sourceIds, emb.reshape(n, embeddingSize));
        if (training) {
            embeddingDropout.draw(Dropout.seedFor(stepSeed, 0, 1), emb.size());
            embeddingDropout.apply(emb, emb, 0);
        }
        Tensor x = emb;
        for (int l = 0; l < layers; l++) {
            if (l > 0 && training && hiddenDropout[l].active()) {
                Tensor d = dropBuf[l].rows(0, n * outputSize()).reshape(steps, batch, outputSize());
                hiddenDropout[l].draw(Dropout.seedFor(stepSeed, l, 2), d.size());
                hiddenDropout[l].apply(x, d, 0);
                x = d;
            }
            layerIn[l] = x;
            Tensor out = rnns[l].forward(x, lengths, null, training);
            if (residual && l > 0) {
                ElementWise.axpy(1f, x, out);
            }
            x = out;
            finals[l] = finalBuf[l].rows(0, batch * outputSize()).reshape(batch, outputSize());
            for (int d = 0; d < dirs; d++) {
                copyColumns(rnns[l].cell(0, d).output(rnns[l].finalState(0, d)), finals[l], d * hidden);
            }
        }
        return x;
    }

    /** Final features {@code f_l = [h→_last; h←_1]: [B, C]} of layer {@code l} after {@link #forward} (a view). */
    public Tensor finalFeatures(int layer) {
        return finals[layer];
    }

    /**
     * Backward of the last training {@link #forward}: {@code dMemory: [S, B, C]} (gradient w.r.t. the returned
     * memory), {@code dFinal[l]: [B, C]} or null (gradient w.r.t. {@link #finalFeatures}). Accumulates into the
     * parameter gradients.
     */
    public void backward(Tensor dMemory, Tensor[] dFinal) {
        if (!training) {
            throw new IllegalStateException("Encoder.backward: the last forward ran with training = false");
        }
        Tensor dOut = dMemory;
        for (int l = layers - 1; l >= 0; l--) {
            Tensor[] dStates = null;
            if (dFinal != null && dFinal[l] != null) {
                dStates = new Tensor[dirs];
                for (int d = 0; d < dirs; d++) {
                    Tensor s = dFinalBuf[l][d].rows(0, parts * batch * hidden).reshape(parts, batch, hidden);
                    s.zero();
                    columnsOf(dFinal[l], d * hidden, s.rows(0, 1).reshape(batch, hidden));
                    dStates[d] = s;
                }
            }
            Tensor dx = rnns[l].backward(dOut, dStates);
            if (residual && l > 0) {
                ElementWise.axpy(1f, dOut, dx);
            }
            if (layerIn[l] != emb && hiddenDropout[l].active()) {
                hiddenDropout[l].apply(dx, dx, 0);
            }
            dOut = dx;
        }
        if (embeddingDropout.active()) {
            embeddingDropout.apply(dOut, dOut, 0);
        }
        embedding.backward(ids, dOut.reshape(steps * batch, embeddingSize));
        training = false;
    }

    private void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        capacity = Math.max(n, capacity * 2);
        embBuf = Tensor.zeros(capacity * embeddingSize);
        dropBuf = new Tensor[layers];
        finalBuf = new Tensor[layers];
        dFinalBuf = new Tensor[layers][dirs];
        for (int l = 0; l < layers; l++) {
            if (l > 0 && hiddenDropout[l].active()) {
                dropBuf[l] = Tensor.zeros(capacity * outputSize());
            }
            finalBuf[l] = Tensor.zeros(capacity * outputSize());
            for (int d = 0; d < dirs; d++) {
                dFinalBuf[l][d] = Tensor.zeros(parts * capacity * hidden);
            }
        }
    }

    /** {@code dst[:, col:col+c] = src} for {@code src: [B, c]}. */
    static void copyColumns(Tensor src, Tensor dst, int col) {
        int n = src.rowCount();
        int c = src.colCount();
        int w = dst.colCount();
        for (int i = 0; i < n; i++) {
            dst.buffer().put(dst.offset() + i * w + col, src.buffer(), src.offset() + i * c, c);
        }
    }

    /** {@code dst = src[:, col:col+c]} for {@code dst: [B, c]}. */
    static void columnsOf(Tensor src, int col, Tensor dst) {
        int n = dst.rowCount();
        int c = dst.colCount();
        int w = src.colCount();
        FloatBuffer sb = src.buffer();
        for (int i = 0; i < n; i++) {
            dst.buffer().put(dst.offset() + i * c, sb, src.offset() + i * w + col, c);
        }
    }
}
