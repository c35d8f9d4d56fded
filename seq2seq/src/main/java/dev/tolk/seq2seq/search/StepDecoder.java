package dev.tolk.seq2seq.search;

import dev.tolk.core.Tensor;

/**
 * What a search decodes with: one model ({@link ModelDecoder}) or several ({@link Ensemble}) seen as one
 * step-by-step decoder of {@code N} hypothesis rows. The lifecycle per batch is {@link #start}, then per target
 * position {@link #step} followed by {@link #advance}. {@link #start} allocates the batch's buffers; a step and an
 * advance allocate nothing. Not thread-safe.
 */
public interface StepDecoder {

    /** V, the target vocabulary size. */
    int vocabularySize();

    /** Whether {@link #lastAttention()} gives attention weights (false: no decoder attends). */
    boolean attentive();

    /**
     * Encodes {@code src} and starts the hypothesis rows: row {@code i} decodes source {@code rowSource[i]} (beam
     * search: {@code i / K}), or with {@code rowSource == null} one row per source, in order.
     *
     * @return N, the number of rows
     */
    int start(SourceBatch src, int[] rowSource);

    /**
     * The next-token log-probabilities {@code logProbs: [N, V]} of every row given its previous token
     * {@code prev[N]} and its current state; the new states are kept aside until {@link #advance}.
     */
    void step(int[] prev, Tensor logProbs);

    /** The attention weights {@code [N, S]} of the last {@link #step}, or null when not {@link #attentive()}. */
    Tensor lastAttention();

    /**
     * Makes the last step's states current: row {@code i} continues from row {@code parents[i]} of the step's
     * output (beam search), or with {@code parents == null} every row from itself.
     */
    void advance(int[] parents);
}
