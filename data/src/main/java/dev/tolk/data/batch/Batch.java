package dev.tolk.data.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A padded batch of {@code B} encoded pairs in <b>time-major</b> layout: the source ids are a
 * {@code [Ts, B]} matrix stored row-major in a flat array, so row {@code t} (elements
 * {@code t*B .. t*B+B-1}) holds step {@code t} of every sentence; likewise the target ids {@code [Tt, B]}.
 * Padding cells hold the pad id and have mask 0; real tokens have mask 1. Column {@code b} is the pair
 * {@link #exampleIndices()}{@code [b]} of the batcher's input list. Immutable: accessors return copies.
 */
public final class Batch {
    private final int size;
    private final int sourceSteps;
    private final int targetSteps;
    private final int[] source;
    private final int[] target;
    private final int[] sourceLengths;
    private final int[] targetLengths;
    private final int[] indices;

    Batch(List<EncodedPair> examples, int[] indices, int padId) {
        this.size = indices.length;
        this.indices = indices.clone();
        this.sourceLengths = new int[size];
        this.targetLengths = new int[size];
        int ts = 0;
        int tt = 0;
        for (int b = 0; b < size; b++) {
            EncodedPair p = examples.get(indices[b]);
            sourceLengths[b] = p.sourceLength();
            targetLengths[b] = p.targetLength();
            ts = Math.max(ts, p.sourceLength());
            tt = Math.max(tt, p.targetLength());
        }
        this.sourceSteps = ts;
        this.targetSteps = tt;
        this.source = new int[ts * size];
        this.target = new int[tt * size];
        Arrays.fill(source, padId);
        Arrays.fill(target, padId);
        for (int b = 0; b < size; b++) {
            EncodedPair p = examples.get(indices[b]);
            for (int t = 0; t < p.sourceLength(); t++) {
                source[t * size + b] = p.sourceId(t);
            }
            for (int t = 0; t < p.targetLength(); t++) {
                target[t * size + b] = p.targetId(t);
            }
        }
    }

    /** The number of pairs, {@code B}. */
    public int size() {
        return size;
    }

    /** The longest source length, {@code Ts}. */
    public int sourceSteps() {
        return sourceSteps;
    }

    /** The longest target length, {@code Tt}. */
    public int targetSteps() {
        return targetSteps;
    }

    /** Source ids {@code [Ts, B]}, row-major (a copy). */
    public int[] sourceIds() {
        return source.clone();
    }

    /** Target ids {@code [Tt, B]}, row-major (a copy). */
    public int[] targetIds() {
        return target.clone();
    }

    /** The source ids of step {@code t} for all pairs: {@code [B]} (a copy). */
    public int[] sourceStep(int t) {
        Objects.checkIndex(t, sourceSteps);
        return Arrays.copyOfRange(source, t * size, (t + 1) * size);
    }

    /** The target ids of step {@code t} for all pairs: {@code [B]} (a copy). */
    public int[] targetStep(int t) {
        Objects.checkIndex(t, targetSteps);
        return Arrays.copyOfRange(target, t * size, (t + 1) * size);
    }

    /** Source id at step {@code t} of pair {@code b}. */
    public int sourceId(int t, int b) {
        Objects.checkIndex(t, sourceSteps);
        Objects.checkIndex(b, size);
        return source[t * size + b];
    }

    /** Target id at step {@code t} of pair {@code b}. */
    public int targetId(int t, int b) {
        Objects.checkIndex(t, targetSteps);
        Objects.checkIndex(b, size);
        return target[t * size + b];
    }

    /** Source mask {@code [Ts, B]}, row-major: 1 for a token, 0 for padding. */
    public float[] sourceMask() {
        return mask(sourceLengths, sourceSteps);
    }

    /** Target mask {@code [Tt, B]}, row-major: 1 for a token, 0 for padding. */
    public float[] targetMask() {
        return mask(targetLengths, targetSteps);
    }

    private float[] mask(int[] lengths, int steps) {
        float[] m = new float[steps * size];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m[t * size + b] = 1f;
            }
        }
        return m;
    }

    /** Source lengths {@code [B]}. */
    public int[] sourceLengths() {
        return sourceLengths.clone();
    }

    /** Target lengths {@code [B]}. */
    public int[] targetLengths() {
        return targetLengths.clone();
    }

    /** The index in the batcher's input list of each column {@code [B]}. */
    public int[] exampleIndices() {
        return indices.clone();
    }

    /** Real (non-padding) source tokens. */
    public int sourceTokens() {
        return Arrays.stream(sourceLengths).sum();
    }

    /** Real (non-padding) target tokens. */
    public int targetTokens() {
        return Arrays.stream(targetLengths).sum();
    }

    /** The padded cost {@code B * (Ts + Tt)} that {@link BatcherConfig#maxTokens()} bounds. */
    public int paddedTokens() {
        return size * (sourceSteps + targetSteps);
    }

    @Override
    public String toString() {
        return "Batch[B=" + size + ", Ts=" + sourceSteps + ", Tt=" + targetSteps + "]";
    }
}
