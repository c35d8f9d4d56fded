package dev.tolk.core;

/**
 * The memory behind a {@link Tensor} and all its views ({@link Tensor#rows}, {@link Tensor#reshape}, ...): what
 * native backends need to know about it beyond the float buffer.
 *
 * <ul>
 *   <li>its native address, resolved once by the first native product;
 *   <li>whether it holds <em>weights</em> (the value of a {@link Parameter}), and then a version counter that every
 *       write bumps, so that backends may keep converted or packed copies of weights (see {@link PackedWeights}).
 * </ul>
 *
 * <p>The fields are plain: they are read and written under the same happens-before edges as the tensor's elements
 * themselves (a product on another thread only sees new elements through a hand-off that also publishes the new
 * version), so they need no synchronisation of their own.
 */
final class TensorStorage {
    /** Native address of the buffer's element 0, or 0 until a native backend resolves it. */
    long nativeAddress;
    /** Whether the storage holds weights (set once, by {@link Parameter}). */
    boolean weight;
    /** Bumped by every write to a weight storage; starts at 0. */
    long version;
    /** Converted/packed forms of regions of this storage, owned by {@link PackedWeights}; null until first use. */
    Object packed;

    /** Records a write to the elements (bumps the version of a weight storage; nothing otherwise). */
    void written() {
        if (weight) {
            version++;
        }
    }
}
