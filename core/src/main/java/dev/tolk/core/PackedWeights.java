package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cache of converted, packed or quantised forms of weights that matrix-product backends keep between products
 * (oneDNN's blocked float32 layouts, bf16 copies, int8 copies with their scales): model code passes
 * {@link Parameter} values to {@link Gemm} like any tensor, and the backend converts each weight once, not at every
 * product.
 *
 * <p><b>What is cached.</b> Forms are attached to a weight's storage ({@link Tensor#isWeight()}: the value of a
 * {@link Parameter} and every view of it) and keyed by {@link Key}: the region of the storage ({@code offset, rows,
 * cols, ld}: a matrix, a row block or a {@link ColumnBlock}), whether the product uses its transpose, the precision
 * and the backend's layout. Activations (tensors that are not weights) are never cached.
 *
 * <p><b>The invariant.</b> A form is returned only if it was built from the storage's current {@link
 * TensorStorage#version version}, and every write to a weight's elements bumps that version before the next
 * product reads the weight. Writes are recorded by design at their source:
 *
 * <ul>
 *   <li>{@link Tensor}'s mutators ({@code set}, {@code add}, {@code fill}, {@code zero}, {@code copyFrom}) bump the
 *       version of a weight storage: initialisers, weight import ({@code copyFrom}) and gradient checks go through
 *       them;
 *   <li>code that writes through {@link Tensor#buffer()} calls {@link Tensor#markModified()}: the optimisers
 *       ({@link Adam}, {@link Sgd}) after every update, {@link ElementWise} after every write, the backends after
 *       writing a product into {@code C};
 *   <li>with the system property {@value #VERIFY_PROPERTY}{@code =true} (set for the test suites), every cache hit
 *       also compares a checksum of the region with the one taken when the form was built and throws if a writer
 *       bypassed both paths.
 * </ul>
 *
 * The weight-cache tests update weights through every writing path (optimiser steps, import, initialisation,
 * element writes, views) and check that the next product sees the new values.
 *
 * <p><b>Memory.</b> One form per key: a stale form is rebuilt in place (reusing its memory) when its key is used
 * again. Forms not used since the version before the current one are dropped, and a storage holds at most
 * {@value #MAX_FORMS} forms (the least recently used goes first; a weight used in column blocks has many: the
 * Cho decoder's output layer, three column blocks cut into four output blocks forward plus the backward
 * product's blocks, needs about twenty per update, and with a cap of 16 rebuilt them in new memory at every
 * update), so a weight's cached forms never outgrow a few
 * copies of the weight. Forms are freed with their storage.
 *
 * <p>Thread-safe: lookups and builds of one storage are serialised on it; forms are read-only once built.
 */
final class PackedWeights {
    /** System property: verify every cache hit against a checksum of the weight (for tests). */
    static final String VERIFY_PROPERTY = "tolk.gemm.verifyWeights";
    /** The most forms one storage keeps. */
    static final int MAX_FORMS = 64;

    private static final boolean VERIFY = Boolean.getBoolean(VERIFY_PROPERTY);
    private static final AtomicLong BUILDS = new AtomicLong();

    private PackedWeights() {}

    /**
     * Which form of which part of a weight storage.
     *
     * @param offset index in the storage's buffer of the region's first element
     * @param rows rows of the region as stored
     * @param cols columns of the region as stored
     * @param ld distance between stored rows, in floats
     * @param transposed whether the product uses the region transposed ({@code op(B) = Wᵀ})
     * @param precision the precision of the form
     * @param layout the backend's layout id for the form
     */
    record Key(long offset, int rows, int cols, int ld, boolean transposed, Precision precision, int layout) {}

    /** Builds a form for a key, reusing the memory of the stale form {@code reuse} of the same key when not null. */
    @FunctionalInterface
    interface Builder<F> {
        F build(F reuse);
    }

    /**
     * The form of {@code key} for the storage of {@code weight}: cached when it was built from the storage's
     * current version, else built (or rebuilt in place) by {@code builder}.
     *
     * @param weight a weight tensor (any view of the storage)
     * @throws IllegalStateException in verification mode, when the weight changed without a version bump
     */
    @SuppressWarnings("unchecked")
    static <F> F get(Tensor weight, Key key, Builder<F> builder) {
        TensorStorage st = weight.storage();
        if (!st.weight) {
            throw new IllegalArgumentException("PackedWeights: the tensor is not a weight");
        }
        synchronized (st) {
            Forms forms = (Forms) st.packed;
            if (forms == null) {
                forms = new Forms();
                st.packed = forms;
            }
            long version = st.version;
            if (version != forms.seenVersion) {
                forms.seenVersion = version;
                forms.generation++;
            }
            Entry hit = null;
            for (Entry e : forms.entries) {
                if (e.key.equals(key)) {
                    hit = e;
                    break;
                }
            }
            forms.clock++;
            if (hit != null && hit.version == version) {
                if (VERIFY && checksum(weight.buffer(), key) != hit.checksum) {
                    throw new IllegalStateException("weight " + key + " changed without Tensor.markModified(): a"
                            + " cached packed form would be stale");
                }
                hit.lastUse = forms.clock;
                hit.generation = forms.generation;
                return (F) hit.form;
            }
            Entry keep = hit;
            long oldest = forms.generation - 1;
            forms.entries.removeIf(e -> e != keep && e.generation < oldest);
            if (hit == null && forms.entries.size() >= MAX_FORMS) {
                Entry lru = forms.entries.get(0);
                for (Entry e : forms.entries) {
                    if (e.lastUse < lru.lastUse) {
                        lru = e;
                    }
                }
                forms.entries.remove(lru);
            }
            F form = builder.build(hit == null ? null : (F) hit.form);
            BUILDS.incrementAndGet();
            if (hit == null) {
                hit = new Entry(key);
                forms.entries.add(hit);
            }
            hit.form = form;
            hit.version = version;
            hit.generation = forms.generation;
            hit.lastUse = forms.clock;
            if (VERIFY) {
                hit.checksum = checksum(weight.buffer(), key);
            }
            return form;
        }
    }

    /** How many forms have been built in this process (for tests: a weight is converted once, not per product). */
    static long builds() {
        return BUILDS.get();
    }

    /** How many forms the storage of {@code weight} holds now (for tests). */
    static int formCount(Tensor weight) {
        TensorStorage st = weight.storage();
        synchronized (st) {
            return st.packed == null ? 0 : ((Forms) st.packed).entries.size();
        }
    }

    /** Whether verification mode is on. */
    static boolean verifying() {
        return VERIFY;
    }

    private static long checksum(FloatBuffer data, Key key) {
        long h = 1;
        float[] row = new float[key.cols()];
        for (int i = 0; i < key.rows(); i++) {
            data.get((int) (key.offset() + (long) i * key.ld()), row, 0, key.cols());
            for (float v : row) {
                h = 31 * h + Float.floatToRawIntBits(v);
            }
        }
        return h;
    }

    /** The forms of one storage. */
    private static final class Forms {
        final List<Entry> entries = new ArrayList<>(4);
        long seenVersion = Long.MIN_VALUE;
        long generation;
        long clock;
    }

    private static final class Entry {
        final Key key;
        Object form;
        long version;
        long generation;
        long lastUse;
        long checksum;

        Entry(Key key) {
            this.key = key;
        }
    }
}
