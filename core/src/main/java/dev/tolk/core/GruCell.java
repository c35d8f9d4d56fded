package dev.tolk.core;

import java.nio.FloatBuffer;

/**
 * Gated recurrent unit (Cho et al. 2014), with the reset gate placed as in PyTorch/cuDNN:
 * <pre>
 *   r = σ(W_xr x_t + b_r + W_hr h_{t−1})
 *   z = σ(W_xz x_t + b_z + W_hz h_{t−1})
 *   h̃ = tanh(W_xn x_t + b_n + r ⊙ (W_hn h_{t−1} + b_hn))
 *   h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃
 * </pre>
 *
 * <p><b>Convention.</b> {@code z} is the weight of the <em>new</em> candidate (Cho et al. 2014 and issue 5:
 * {@code h_t = (1 − z)⊙h_{t−1} + z⊙h̃}). {@code torch.nn.GRU} uses the other convention, {@code h' = (1 − z')⊙n +
 * z'⊙h}, i.e. {@code z = 1 − z'}: PyTorch weights map onto this cell by negating the z block of {@code W_x},
 * {@code W_h} and the z bias ({@code σ(−a) = 1 − σ(a)}); the golden test does exactly that.
 *
 * <p><b>Parameters and bias layout.</b> {@code wx: [3H, in]}, {@code wh: [3H, H]}, gate blocks in the order r, z,
 * n; {@code bx: [3H]} holds {@code b_r, b_z, b_n} (PyTorch's {@code b_ir + b_hr}, {@code −(b_iz + b_hz)},
 * {@code b_in}); {@code bhn: [H]} is the recurrent candidate bias, which cannot be folded into {@code bx} because
 * it sits inside {@code r ⊙ (…)}. State {@code [1, B, H]}. See {@link RnnCell} for the step API.
 */
public final class GruCell extends AbstractRnnCell {
    private final Parameter bhn;

    /** Xavier-uniform {@code W_x} blocks, orthogonal {@code W_h} blocks, zero biases, all from {@code seed}. */
    public GruCell(String name, int inputSize, int hiddenSize, long seed) {
        this(name, inputSize, hiddenSize, seed, false);
    }

    /**
     * As {@link #GruCell(String, int, int, long)}, with {@code layerNorm} as Nematus normalises a GRU: the input
     * projection {@code W_x x + b_x} and the recurrent one {@code W_h h} each in two groups, {@code [r; z]} and
     * {@code n}, before the gates ({@code h̃ = tanh(LN_x(…)_n + r ⊙ (LN_h(W_h h)_n + b_hn))}; see {@link
     * AbstractRnnCell}). {@code inputSize = 0} gives a transition cell without input.
     */
    public GruCell(String name, int inputSize, int hiddenSize, long seed, boolean layerNorm) {
        this(name, inputSize, hiddenSize, seed, layerNorm, Parameter.of(name + ".bhn", Tensor.zeros(hiddenSize)));
    }

    private GruCell(String name, int inputSize, int hiddenSize, long seed, boolean layerNorm, Parameter bhn) {
        super(name, inputSize, hiddenSize, 3, 1, seed, layerNorm ? new int[] {2 * hiddenSize, hiddenSize} : null, bhn);
        this.bhn = bhn;
    }

    /** Gate values ({@code B·H}) at least this many for the rows of a step to be split over the compute threads. */
    private static final int PARALLEL_MIN = 1 << 14;

    /** Per-thread row scratch of the gate loops: 11 arrays of H (see {@link RowScratch}). */
    private final RowScratch rowScratch = new RowScratch(11, hidden);

    private final float[] biasN = new float[hidden];

    @Override
    void gatesForward(int b, Tensor xProj, StepCache w, Tensor stateIn, Tensor stateOut) {
        bhn.value().copyTo(biasN);
        // rows are independent: split over the compute threads when large (bit-identical)
        boolean keep = keepsForBackward(w);
        rowScratch.forRows(
                b, PARALLEL_MIN, (s, from, to) -> forwardRows(from, to, s, xProj, w, keep, stateIn, stateOut));
    }

    /** Rows {@code [from, to)} of {@link #gatesForward}; the gates are stored in {@code w} only with {@code keep}. */
    private void forwardRows(
            int from, int to, float[][] s, Tensor xProj, StepCache w, boolean keep, Tensor stateIn, Tensor stateOut) {
        final int hs = hidden;
        final int gh = 3 * hs;
        final float[] xr = s[0];
        final float[] xz = s[1];
        final float[] xn = s[2];
        final float[] hr = s[3];
        final float[] hz = s[4];
        final float[] hn = s[5];
        final float[] r = s[6];
        final float[] z = s[7];
        final float[] n = s[8];
        final float[] h = s[9];
        final float[] o = s[10];
        final float[] bn = biasN;
        FloatBuffer xb = xProj.buffer();
        FloatBuffer hp = w.hProj.buffer();
        FloatBuffer gb = w.gates.buffer();
        FloatBuffer sb = stateIn.buffer();
        FloatBuffer ob = stateOut.buffer();
        for (int row = from; row < to; row++) {
            int xo = xProj.offset() + row * gh;
            int ho = w.hProj.offset() + row * gh;
            int go = w.gates.offset() + row * gh;
            xb.get(xo, xr, 0, hs).get(xo + hs, xz, 0, hs).get(xo + 2 * hs, xn, 0, hs);
            hp.get(ho, hr, 0, hs).get(ho + hs, hz, 0, hs).get(ho + 2 * hs, hn, 0, hs);
            sb.get(stateIn.offset() + row * hs, h, 0, hs);
            for (int j = 0; j < hs; j++) {
                r[j] = ElementWise.sigmoid(xr[j] + hr[j]);
            }
            for (int j = 0; j < hs; j++) {
                z[j] = ElementWise.sigmoid(xz[j] + hz[j]);
            }
            // three short loops, not one: C2 vectorises each of them and left the fused loop scalar (7× slower)
            for (int j = 0; j < hs; j++) {
                hn[j] += bn[j];
            }
            for (int j = 0; j < hs; j++) {
                n[j] = ElementWise.tanh(xn[j] + r[j] * hn[j]);
            }
            for (int j = 0; j < hs; j++) {
                o[j] = h[j] + z[j] * (n[j] - h[j]);
            }
            if (keep) {
                hp.put(ho + 2 * hs, hn, 0, hs); // keep W_hn h + b_hn for the backward pass
                gb.put(go, r, 0, hs).put(go + hs, z, 0, hs).put(go + 2 * hs, n, 0, hs);
            }
            ob.put(stateOut.offset() + row * hs, o, 0, hs);
        }
    }

    @Override
    Tensor recurrentGradient(Tensor dXProj, Tensor scratchDh) {
        return scratchDh;
    }

    @Override
    void gatesBackward(int b, StepCache c, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH) {
        rowScratch.forRows(
                b, PARALLEL_MIN, (s, from, to) -> backwardRows(from, to, s, c, dStateOut, dStateIn, dXProj, dH));
    }

    private void backwardRows(
            int from, int to, float[][] s, StepCache c, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH) {
        final int hs = hidden;
        final int gh = 3 * hs;
        final float[] r = s[6];
        final float[] z = s[7];
        final float[] n = s[8];
        final float[] hn = s[5];
        final float[] h = s[9];
        final float[] dh = s[10];
        final float[] dr = s[0];
        final float[] dz = s[1];
        final float[] dn = s[2];
        final float[] dhn = s[3];
        final float[] di = s[4];
        FloatBuffer gb = c.gates.buffer();
        FloatBuffer hp = c.hProj.buffer();
        FloatBuffer sb = c.stateIn.buffer();
        FloatBuffer db = dStateOut.buffer();
        FloatBuffer xb = dXProj.buffer();
        FloatBuffer hb = dH.buffer();
        FloatBuffer ib = dStateIn.buffer();
        for (int row = from; row < to; row++) {
            int go = c.gates.offset() + row * gh;
            gb.get(go, r, 0, hs).get(go + hs, z, 0, hs).get(go + 2 * hs, n, 0, hs);
            hp.get(c.hProj.offset() + row * gh + 2 * hs, hn, 0, hs);
            sb.get(c.stateIn.offset() + row * hs, h, 0, hs);
            db.get(dStateOut.offset() + row * hs, dh, 0, hs);
            // one loop per output: C2 vectorises each of them and left the fused loop scalar
            for (int j = 0; j < hs; j++) {
                dn[j] = dh[j] * z[j] * (1f - n[j] * n[j]);
            }
            for (int j = 0; j < hs; j++) {
                dr[j] = dn[j] * hn[j] * r[j] * (1f - r[j]);
            }
            for (int j = 0; j < hs; j++) {
                dz[j] = dh[j] * (n[j] - h[j]) * z[j] * (1f - z[j]);
            }
            for (int j = 0; j < hs; j++) {
                dhn[j] = dn[j] * r[j];
            }
            for (int j = 0; j < hs; j++) {
                di[j] = dh[j] * (1f - z[j]); // the direct part of dStateIn
            }
            int xo = dXProj.offset() + row * gh;
            int ho = dH.offset() + row * gh;
            xb.put(xo, dr, 0, hs).put(xo + hs, dz, 0, hs).put(xo + 2 * hs, dn, 0, hs);
            hb.put(ho, dr, 0, hs).put(ho + hs, dz, 0, hs).put(ho + 2 * hs, dhn, 0, hs);
            ib.put(dStateIn.offset() + row * hs, di, 0, hs);
        }
    }

    @Override
    void afterGatesBackward(int b, Tensor dH) {
        final int hs = hidden;
        final int gh = 3 * hs;
        FloatBuffer hb = dH.buffer();
        Tensor g = bhn.grad();
        for (int j = 0; j < hs; j++) {
            double s = 0;
            for (int r = 0; r < b; r++) {
                s += hb.get(dH.offset() + r * gh + 2 * hs + j);
            }
            g.add(j, (float) s);
        }
    }

    /** The recurrent candidate bias {@code b_hn: [H]}. */
    public Parameter candidateBias() {
        return bhn;
    }
}
