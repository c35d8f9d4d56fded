package dev.tolk.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order, stored in native (direct) memory so that matrix products can hand
 * it to a native BLAS without copying.
 *
 * <p>A tensor is a window {@code [offset, offset + size)} onto a {@link FloatBuffer}; {@link #rows(int, int)}
 * and {@link #reshape(int...)} return views that share the storage (writes through a view are visible in the
 * original). Shapes have one or more dimensions; as a matrix, a tensor of shape {@code [d0, ..., dk]} is
 * {@code [d0·...·d(k-1), dk]} ({@link #rowCount()} × {@link #colCount()}).
 *
 * <p>Element access is by flat index {@code i ∈ [0, size)} relative to the view. Not thread-safe for writes;
 * concurrent reads are safe.
 *
 * <p><b>Weights.</b> The value of a {@link Parameter} is marked as a <em>weight</em> ({@link #isWeight()}, shared by
 * all views of its storage). Matrix-product backends may then keep a converted or packed copy of it (bf16, int8,
 * oneDNN's blocked layouts; see {@link PackedWeights}) until its elements change. Every mutator of this class
 * ({@link #set}, {@link #add}, {@link #fill}, {@link #zero}, {@link #copyFrom(Tensor)}, {@link #copyFrom(float[])})
 * records the change; code that writes a weight through {@link #buffer()} must call {@link #markModified()}
 * afterwards (the optimisers do).
 */
public final class Tensor {
    /** Byte alignment of new storage. */
    private static final int STORAGE_ALIGNMENT = 64;

    private final FloatBuffer data;
    private final int offset;
    private final int[] shape;
    private final int size;
    /** Native address, weight flag and version, shared by all views of the same storage. */
    private final TensorStorage storage;

    private Tensor(FloatBuffer data, TensorStorage storage, int offset, int[] shape) {
        this.data = data;
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.size = sizeOf(shape);
        if (offset < 0 || offset + size > data.capacity()) {
            throw new IllegalArgumentException("Tensor view [" + offset + ", " + (offset + size)
                    + ") outside storage of " + data.capacity() + " floats");
        }
    }

    /** A new tensor of the given shape, filled with zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        int n = sizeOf(s);
        // Aligned to a cache line so that vector loads in native kernels never straddle two lines.
        // alignedSlice rounds the start up and the end down to the alignment: allocate one extra unit.
        int bytes = Math.multiplyExact(n, Float.BYTES);
        int rounded = Math.addExact(bytes, STORAGE_ALIGNMENT - 1) / STORAGE_ALIGNMENT * STORAGE_ALIGNMENT;
        FloatBuffer buf = ByteBuffer.allocateDirect(Math.addExact(rounded, STORAGE_ALIGNMENT))
                .alignedSlice(STORAGE_ALIGNMENT)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer()
                .limit(n);
        return new Tensor(buf.slice(), new TensorStorage(), 0, s);
    }

    /** A new tensor holding a copy of {@code values} with the given shape (its size must match). */
    public static Tensor of(float[] values, int... shape) {
        Tensor t = zeros(shape);
        if (values.length != t.size) {
            throw new IllegalArgumentException(
                    "Tensor.of: " + values.length + " values for shape " + Arrays.toString(shape));
        }
        t.data.put(0, values);
        return t;
    }

    /** A 2-D tensor {@code [rows, cols]} copied from a rectangular array. */
    public static Tensor of(float[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        Tensor t = zeros(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("Tensor.of: ragged row " + i);
            }
            t.data.put(i * c, values[i]);
        }
        return t;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int dim(int d) {
        return shape[d < 0 ? shape.length + d : d];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Rows when viewed as a matrix: the product of all but the last dimension. */
    public int rowCount() {
        int rows = 1;
        for (int d = 0; d < shape.length - 1; d++) {
            rows *= shape[d];
        }
        return rows;
    }

    /** Columns when viewed as a matrix: the last dimension. */
    public int colCount() {
        return shape[shape.length - 1];
    }

    /**
     * The backing buffer (shared; index with {@link #offset()}). For backends and bulk operations. Writing a weight
     * ({@link #isWeight()}) through it must be followed by {@link #markModified()}.
     */
    public FloatBuffer buffer() {
        return data;
    }

    /**
     * Whether this tensor's storage holds weights (the value of a {@link Parameter}, or a view of one): then
     * matrix-product backends may cache converted forms of it, keyed by its version (see the class comment).
     */
    public boolean isWeight() {
        return storage.weight;
    }

    /**
     * Declares that elements of this tensor were changed through {@link #buffer()}: for a weight, cached converted
     * forms of its storage are stale from now on and rebuilt at their next use. No effect on other tensors. Call it
     * after the writes and before the next matrix product reads the tensor.
     *
     * @return this tensor
     */
    public Tensor markModified() {
        storage.written();
        return this;
    }

    /** Marks the storage as holding weights (by {@link Parameter}). */
    void markWeight() {
        storage.weight = true;
    }

    /** The storage shared by all views of this tensor (for backends). */
    TensorStorage storage() {
        return storage;
    }

    /** Offset of element 0 of this view in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** The cached native address of the storage's element 0, or 0 if not yet resolved. For native backends. */
    long nativeBaseAddress() {
        return storage.nativeAddress;
    }

    /**
     * Caches the native address of the storage's element 0 (shared by all views of the storage). Racing writers
     * store the same value, so the cache needs no synchronisation.
     */
    void cacheNativeBaseAddress(long address) {
        storage.nativeAddress = address;
    }

    /** Element at flat index {@code i}. */
    public float get(int i) {
        return data.get(offset + checkIndex(i));
    }

    /** Sets the element at flat index {@code i}. */
    public void set(int i, float v) {
        data.put(offset + checkIndex(i), v);
        storage.written();
    }

    /** Adds {@code v} to the element at flat index {@code i}. */
    public void add(int i, float v) {
        int j = offset + checkIndex(i);
        data.put(j, data.get(j) + v);
        storage.written();
    }

    /** Element at {@code (row, col)} of the matrix view. */
    public float get(int row, int col) {
        return get(row * colCount() + col);
    }

    /** Sets the element at {@code (row, col)} of the matrix view. */
    public void set(int row, int col, float v) {
        set(row * colCount() + col, v);
    }

    /** Sets every element to zero. */
    public Tensor zero() {
        return fill(0f);
    }

    /** Sets every element to {@code v}. */
    public Tensor fill(float v) {
        storage.written();
        float[] chunk = v == 0f ? ZEROS : null;
        if (chunk == null || size < 64) {
            for (int i = offset, end = offset + size; i < end; i++) {
                data.put(i, v);
            }
            return this;
        }
        for (int i = 0; i < size; i += chunk.length) {
            data.put(offset + i, chunk, 0, Math.min(chunk.length, size - i));
        }
        return this;
    }

    /** A block of zeros for bulk clearing (never written). */
    private static final float[] ZEROS = new float[4096];

    /** Copies {@code src} (same size) into this tensor. */
    public Tensor copyFrom(Tensor src) {
        if (src.size != size) {
            throw new IllegalArgumentException("Tensor.copyFrom: source is " + Arrays.toString(src.shape)
                    + " but target is " + Arrays.toString(shape));
        }
        data.put(offset, src.data, src.offset, size);
        storage.written();
        return this;
    }

    /** Copies {@code values} (length = size) into this tensor. */
    public Tensor copyFrom(float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException(
                    "Tensor.copyFrom: " + values.length + " values for " + Arrays.toString(shape));
        }
        data.put(offset, values);
        storage.written();
        return this;
    }

    /** The elements as a new array. */
    public float[] toArray() {
        float[] out = new float[size];
        data.get(offset, out);
        return out;
    }

    /** Copies the elements into {@code out} (length ≥ size). */
    public void copyTo(float[] out) {
        data.get(offset, out, 0, size);
    }

    /** A new tensor with the same shape and a copy of the data. */
    public Tensor copy() {
        return zeros(shape).copyFrom(this);
    }

    /** A view with another shape of the same size, sharing storage. */
    public Tensor reshape(int... newShape) {
        int[] s = checkShape(newShape);
        if (sizeOf(s) != size) {
            throw new IllegalArgumentException(
                    "Tensor.reshape: cannot view " + Arrays.toString(shape) + " as " + Arrays.toString(newShape));
        }
        return new Tensor(data, storage, offset, s);
    }

    /**
     * A view of rows {@code [from, from + count)} along the first dimension, sharing storage. For a tensor of
     * shape {@code [d0, d1, ...]} the view has shape {@code [count, d1, ...]}.
     */
    public Tensor rows(int from, int count) {
        if (from < 0 || count < 0 || from + count > shape[0]) {
            throw new IndexOutOfBoundsException(
                    "Tensor.rows: [" + from + ", " + (from + count) + ") of " + Arrays.toString(shape));
        }
        int[] s = shape.clone();
        s[0] = count;
        int stride = shape[0] == 0 ? 0 : size / shape[0];
        return new Tensor(data, storage, offset + from * stride, s);
    }

    /** Row {@code i} along the first dimension as a view of shape {@code [d1, ...]} (or {@code [1]}). */
    public Tensor row(int i) {
        Tensor r = rows(i, 1);
        return shape.length == 1 ? r : r.reshape(Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** True if both tensors have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Throws with {@code where} and both shapes if {@code other}'s shape differs from {@code expected}. */
    public Tensor requireShape(String where, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(
                    where + ": tensor is " + Arrays.toString(shape) + " but expected " + Arrays.toString(expected));
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder("Tensor").append(Arrays.toString(shape)).append(' ');
        int n = Math.min(size, 8);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(get(i));
        }
        return sb.append(size > n ? ", ...]" : "]").toString();
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " outside tensor of " + size + " elements");
        }
        return i;
    }

    private static int[] checkShape(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a tensor needs at least one dimension");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
