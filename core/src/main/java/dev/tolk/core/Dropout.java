package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al. 2014): {@code y = x ⊙ m / (1 − p)}, {@code m_i ~ Bernoulli(1 − p)};
 * backward {@code dx = dy ⊙ m / (1 − p)}; at inference the identity.
 *
 * <p>The mask is a function of a seed the caller passes, never of hidden state: a trainer derives it from (run
 * seed, update step, site) with {@link #seedFor}, so a resumed run draws exactly the masks of an uninterrupted
 * one. Lifecycle: {@link #draw(long, int)} fills a mask of {@code n} values (grown on demand, never shrunk); then
 * {@link #apply(Tensor, Tensor, int)} multiplies any slice of a tensor by the mask values from a given offset (a
 * whole {@code [T·B, F]} buffer at offset 0, or one time step {@code [B, F]} at offset {@code t·B·F}). Backward is
 * the same {@code apply} on the gradient. With {@code p = 0} it is the identity and draws nothing. Not
 * thread-safe.
 */
public final class Dropout {
    private final float p;
    private float[] mask = new float[0];
    private int drawn;

    /** @param p drop probability in [0, 1) */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = (float) p;
    }

    /** The drop probability. */
    public float probability() {
        return p;
    }

    /** True when dropout does something ({@code p > 0}). */
    public boolean active() {
        return p > 0f;
    }

    /** Draws a fresh mask of {@code n} values from {@code seed}. */
    public void draw(long seed, int n) {
        if (!active()) {
            return;
        }
        if (mask.length < n) {
            mask = new float[Math.max(n, mask.length * 2)];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() < p ? 0f : keep;
        }
        drawn = n;
    }

    /**
     * {@code y[i] = x[i] · mask[offset + i]} for every element of {@code x} ({@code y} the same size, may be
     * {@code x}); the identity copy when inactive.
     *
     * @throws IllegalStateException when the slice lies outside the values drawn (no {@link #draw} yet, or too few)
     */
    public void apply(Tensor x, Tensor y, int offset) {
        int n = x.size();
        if (y.size() != n) {
            throw new IllegalArgumentException("Dropout.apply: x has " + n + " elements but y has " + y.size());
        }
        if (!active()) {
            if (x != y) {
                y.copyFrom(x);
            }
            return;
        }
        if (offset < 0 || offset + n > drawn) {
            throw new IllegalStateException("Dropout.apply: mask slice [" + offset + ", " + (offset + n)
                    + ") outside the " + drawn + " values drawn; call draw with the batch's size first");
        }
        FloatBuffer xb = x.buffer();
        FloatBuffer yb = y.buffer();
        int xo = x.offset();
        int yo = y.offset();
        for (int i = 0; i < n; i++) {
            yb.put(yo + i, xb.get(xo + i) * mask[offset + i]);
        }
    }

    /** Mixes a run seed, an update step and a site number into one mask seed (SplitMix64 finaliser). */
    public static long seedFor(long runSeed, long step, int site) {
        long z = runSeed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + site * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
