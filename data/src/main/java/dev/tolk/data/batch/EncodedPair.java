package dev.tolk.data.batch;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sentence pair as token ids, ready for batching (any {@code <s>}/{@code </s>} already added by the
 * caller). Immutable: the arrays are copied in and out.
 */
public final class EncodedPair {
    private final int[] source;
    private final int[] target;

    /**
     * @param source source ids, at least one, all &gt;= 0
     * @param target target ids, at least one, all &gt;= 0
     */
    public EncodedPair(int[] source, int[] target) {
        this.source = check(source, "source");
        this.target = check(target, "target");
    }

    private static int[] check(int[] ids, String side) {
        Objects.requireNonNull(ids, side);
        if (ids.length == 0) {
            throw new IllegalArgumentException(side + " is empty; every side needs at least one token");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException(side + " id at position " + i + " is negative: " + ids[i]);
            }
        }
        return ids.clone();
    }

    /** The source ids (a copy). */
    public int[] source() {
        return source.clone();
    }

    /** The target ids (a copy). */
    public int[] target() {
        return target.clone();
    }

    /** The source length. */
    public int sourceLength() {
        return source.length;
    }

    /** The target length. */
    public int targetLength() {
        return target.length;
    }

    int sourceId(int t) {
        return source[t];
    }

    int targetId(int t) {
        return target[t];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedPair p && Arrays.equals(source, p.source) && Arrays.equals(target, p.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(source) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return Arrays.toString(source) + " -> " + Arrays.toString(target);
    }
}
