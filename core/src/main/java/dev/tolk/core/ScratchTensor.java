package dev.tolk.core;

/**
 * Storage for a buffer whose shape changes from one use to the next (a batch's rows, a beam's hypotheses): each
 * {@link #shaped} call returns a view of the requested shape over storage that is reallocated only when it is too
 * small, so a loop over batches does not allocate (and zero, and page in) a new direct buffer per batch, which the
 * JVM would free only at its next garbage collection. The view's contents are whatever the storage last held:
 * whoever reads it writes it first, or calls {@link Tensor#zero()}. Each {@link #shaped} call may invalidate views
 * returned before it. Not thread-safe.
 */
public final class ScratchTensor {
    private Tensor store;

    /** A view of {@code shape} over this scratch's storage (grown to at least its size). */
    public Tensor shaped(int... shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "ScratchTensor.shaped: negative dimension in " + java.util.Arrays.toString(shape));
            }
            size *= d;
        }
        int n = Math.toIntExact(size);
        if (store == null || store.size() < n) {
            store = Tensor.zeros(Math.max(1, n));
        }
        return store.rows(0, n).reshape(shape);
    }

    /** Floats held (0 before the first use). */
    public int capacity() {
        return store == null ? 0 : store.size();
    }
}
