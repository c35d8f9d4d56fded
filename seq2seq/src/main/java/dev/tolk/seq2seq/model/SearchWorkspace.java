package dev.tolk.seq2seq.model;

import dev.tolk.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The buffers of the {@link Decoder}'s step-by-step decoding for {@code N} hypotheses (greedy: {@code N = B};
 * beam search: {@code N = B·K}), each a {@code [N, width]} matrix grown on demand (doubling) and viewed for the
 * current {@code N}, so a decoding step allocates nothing. Names follow {@link Decoder}'s equations.
 */
final class SearchWorkspace {
    /** {@code x = E[y_{t−1}]}, {@code [N, E]}. */
    final StepBuffer x;
    /** The first cell's input {@code [x; ctx]}, {@code [N, E + C]}. */
    final StepBuffer input;
    /** {@code ctx}, {@code [N, C]}. */
    final StepBuffer ctx;
    /** {@code o = [out^L; ctx; x]}, {@code [N, F]}. */
    final StepBuffer features;
    /** Tied output: {@code o·W_projᵀ}, {@code [N, E]}. */
    final StepBuffer projected;
    /** The first cell's input projection, {@code [N, G·H]}. */
    final StepBuffer xProj;
    /** Fixed context: its block of the first cell's projection plus the bias, {@code [N, G·H]} (else null). */
    final StepBuffer contextProj;
    /** Fixed context, untied: its block of the logits plus the bias, {@code [N, V]} (else null). */
    final StepBuffer contextLogits;
    /** Residual: {@code out^l = h^l + out^{l−1}} for {@code l ≥ 1}, {@code [N, H]} (else null). */
    final StepBuffer[] layerOutput;
    /** cGRU: {@code s' = GRU₁(x, s^1)}, {@code [parts, N, H]} (viewed by {@link #prepare}; else null). */
    Tensor mid;

    private final StepBuffer midRows;
    private final int parts;
    private final int hidden;
    private final StepBuffer[] all;
    private int capacity;
    private int rows = -1;

    SearchWorkspace(DecoderLayers d) {
        int gh = d.cells[0].projectionSize();
        this.parts = d.cells[0].stateParts();
        this.hidden = d.hidden;
        x = new StepBuffer(d.emb);
        input = new StepBuffer(d.emb + d.ctxSize);
        ctx = new StepBuffer(d.ctxSize);
        features = new StepBuffer(d.features);
        projected = new StepBuffer(d.emb);
        xProj = new StepBuffer(gh);
        contextProj = d.attentive ? null : new StepBuffer(gh);
        contextLogits = d.factored(false) ? new StepBuffer(d.vocab) : null;
        midRows = d.conditional ? new StepBuffer(d.hidden) : null;
        layerOutput = new StepBuffer[d.layers];
        List<StepBuffer> buffers = new ArrayList<>(List.of(x, input, ctx, features, projected, xProj));
        for (int l = 1; l < d.layers && d.residual; l++) {
            layerOutput[l] = new StepBuffer(d.hidden);
            buffers.add(layerOutput[l]);
        }
        for (StepBuffer b : new StepBuffer[] {contextProj, contextLogits}) {
            if (b != null) {
                buffers.add(b);
            }
        }
        this.all = buffers.toArray(StepBuffer[]::new);
    }

    /** Views for {@code rows} hypotheses (storage doubled when exceeded). */
    void prepare(int rows) {
        if (rows > capacity) {
            capacity = Math.max(rows, capacity * 2);
            for (StepBuffer b : all) {
                b.reserve(capacity);
            }
            if (midRows != null) {
                midRows.reserve(parts * capacity);
            }
            this.rows = -1;
        }
        if (rows != this.rows) {
            for (StepBuffer b : all) {
                b.shape(1, rows);
            }
            if (midRows != null) {
                midRows.shape(parts, rows);
                mid = midRows.all().reshape(parts, rows, hidden);
            }
            this.rows = rows;
        }
    }
}
