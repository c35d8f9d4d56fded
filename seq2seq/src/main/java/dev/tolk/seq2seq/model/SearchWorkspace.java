package dev.tolk.seq2seq.model;

/**
 * The buffers of the {@link Decoder}'s step-by-step decoding for {@code N} hypotheses (greedy: {@code N = B};
 * beam search: {@code N = B·K}), each a {@code [N, width]} matrix grown on demand (doubling) and viewed for the
 * current {@code N}, so a decoding step allocates nothing.
 */
final class SearchWorkspace {
    /** {@code x = E[y_{t−1}]}, {@code [N, E]}. */
    final StepBuffer x;
    /** The first cell's input {@code [x; ctx]}, {@code [N, E + C]}. */
    final StepBuffer input;
    /** {@code ctx}, {@code [N, C]}. */
    final StepBuffer ctx;
    /** {@code o = [h^L; ctx; x]}, {@code [N, F]}. */
    final StepBuffer features;
    /** Tied output: {@code o·W_projᵀ}, {@code [N, E]}. */
    final StepBuffer projected;
    /** The logits, {@code [N, V]}. */
    final StepBuffer logits;
    /** The first cell's input projection, {@code [N, G·H]}. */
    final StepBuffer xProj;
    /** Fixed context: its block of the first cell's projection plus the bias, {@code [N, G·H]}. */
    final StepBuffer contextProj;
    /** Fixed context, untied: its block of the logits plus the bias, {@code [N, V]}. */
    final StepBuffer contextLogits;

    private final StepBuffer[] all;
    private int capacity;
    private int rows = -1;

    /**
     * @param fixedContext the decoder has a fixed context (no attention): allocate {@link #contextProj}
     * @param factored and an untied output: allocate {@link #contextLogits}
     */
    SearchWorkspace(
            int emb, int ctxSize, int features, int vocab, int projection, boolean fixedContext, boolean factored) {
        x = new StepBuffer(emb);
        input = new StepBuffer(emb + ctxSize);
        ctx = new StepBuffer(ctxSize);
        this.features = new StepBuffer(features);
        projected = new StepBuffer(emb);
        logits = new StepBuffer(vocab);
        xProj = new StepBuffer(projection);
        contextProj = fixedContext ? new StepBuffer(projection) : null;
        contextLogits = factored ? new StepBuffer(vocab) : null;
        all = java.util.stream.Stream.of(
                        x, input, ctx, this.features, projected, logits, xProj, contextProj, contextLogits)
                .filter(java.util.Objects::nonNull)
                .toArray(StepBuffer[]::new);
    }

    /** Views for {@code rows} hypotheses (storage doubled when exceeded). */
    void prepare(int rows) {
        if (rows > capacity) {
            capacity = Math.max(rows, capacity * 2);
            for (StepBuffer b : all) {
                b.reserve(capacity);
            }
            this.rows = -1;
        }
        if (rows != this.rows) {
            for (StepBuffer b : all) {
                b.shape(1, rows);
            }
            this.rows = rows;
        }
    }
}
