package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al. 2014): in training {@code y = x ⊙ m / (1 − p)} with {@code m_i ~
 * Bernoulli(1 − p)}; at inference {@code y = x}.
 *
 * <p>Seeded: the masks are a deterministic function of the seed and the sequence of calls. Lifecycle: a training
 * {@link #forward} draws and keeps a mask; {@link #backward} applies that mask ({@code dx = dy ⊙ m / (1 − p)});
 * {@link #forwardSameMask} re-applies the kept mask without drawing (gradient checks, recomputation). Backward
 * before a training forward throws {@link IllegalStateException}.
 */
public final class Dropout {
    private final float p;
    private final SplittableRandom rng;
    private float[] mask = new float[0];
    private int maskSize = -1;

    /** @param p drop probability in [0, 1) */
    public Dropout(float p, long seed) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = new SplittableRandom(seed);
    }

    public float probability() {
        return p;
    }

    /** {@code y = x ⊙ m / (1 − p)} with a fresh mask when {@code training}, else {@code y = x}. Same sizes. */
    public void forward(Tensor x, Tensor y, boolean training) {
        checkSizes("forward", x, y);
        if (!training || p == 0f) {
            maskSize = training ? x.size() : -1;
            if (training) {
                ensureMask(x.size());
                java.util.Arrays.fill(mask, 0, x.size(), 1f);
            }
            if (x != y) {
                y.copyFrom(x);
            }
            return;
        }
        int n = x.size();
        ensureMask(n);
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() < p ? 0f : keep;
        }
        maskSize = n;
        apply(x, y);
    }

    /** Applies the mask drawn by the last training forward to a new {@code x}. */
    public void forwardSameMask(Tensor x, Tensor y) {
        checkSizes("forwardSameMask", x, y);
        requireMask("forwardSameMask", x.size());
        apply(x, y);
    }

    /** {@code dx = dy ⊙ m / (1 − p)} with the mask of the last training forward. {@code dx} may be {@code dy}. */
    public void backward(Tensor dy, Tensor dx) {
        checkSizes("backward", dy, dx);
        requireMask("backward", dy.size());
        apply(dy, dx);
    }

    private void apply(Tensor x, Tensor y) {
        FloatBuffer xb = x.buffer();
        FloatBuffer yb = y.buffer();
        int xo = x.offset();
        int yo = y.offset();
        for (int i = 0, n = x.size(); i < n; i++) {
            yb.put(yo + i, xb.get(xo + i) * mask[i]);
        }
    }

    private void ensureMask(int n) {
        if (mask.length < n) {
            mask = new float[n];
        }
    }

    private void requireMask(String where, int n) {
        if (maskSize < 0) {
            throw new IllegalStateException("Dropout." + where + ": no mask; call forward(x, y, true) first");
        }
        if (maskSize != n) {
            throw new IllegalArgumentException(
                    "Dropout." + where + ": mask has " + maskSize + " elements but tensor has " + n);
        }
    }

    private static void checkSizes(String where, Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("Dropout." + where + ": " + java.util.Arrays.toString(a.shape())
                    + " and " + java.util.Arrays.toString(b.shape()) + " differ in size");
        }
    }
}
