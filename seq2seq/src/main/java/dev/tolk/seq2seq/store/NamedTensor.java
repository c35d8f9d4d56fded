package dev.tolk.seq2seq.store;

import java.util.Arrays;

/**
 * A named float32 array with a row-major shape, as stored in a {@link TensorContainer}. The values array is not
 * copied (weights are large): do not modify it after handing it over.
 *
 * @param name unique within a container, non-blank, e.g. {@code encoder.embedding}
 * @param shape dimensions, each &ge; 0; an empty shape is a scalar holding one value
 * @param values {@code product(shape)} values, row-major
 */
public record NamedTensor(String name, int[] shape, float[] values) {

    /** Validates that the shape matches the number of values. */
    public NamedTensor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tensor name must be non-blank");
        }
        if (shape == null || values == null) {
            throw new IllegalArgumentException("tensor '" + name + "': shape and values are required");
        }
        shape = shape.clone();
        long n = elementCount(name, shape);
        if (n != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + values.length + " were given");
        }
    }

    /**
     * @return the number of elements of {@code shape}
     * @throws IllegalArgumentException on a negative dimension or more than {@link Integer#MAX_VALUE} elements
     */
    static long elementCount(String name, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "': negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                        + " exceeds " + Integer.MAX_VALUE + " elements");
            }
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensor t
                && name.equals(t.name)
                && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
