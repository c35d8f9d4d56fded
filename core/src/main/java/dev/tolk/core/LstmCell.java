package dev.tolk.core;

import java.nio.FloatBuffer;

/**
 * Long short-term memory cell (Hochreiter &amp; Schmidhuber 1997; with forget gate, Gers et al. 2000), PyTorch's
 * formulation:
 * <pre>
 *   [a_i, a_f, a_g, a_o] = W_x x_t + b + W_h h_{t−1}
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g
 *   h_t = o ⊙ tanh(c_t)
 * </pre>
 * Parameters: {@code wx: [4H, in]}, {@code wh: [4H, H]}, {@code bx: [4H]} (one bias, PyTorch's
 * {@code b_ih + b_hh}), gate blocks in the order i, f, g, o. The forget-gate bias starts at 1 (Jozefowicz et al.
 * 2015), the others at 0. State {@code [2, B, H]}: part 0 is {@code h}, part 1 is {@code c}. See {@link RnnCell}.
 */
public final class LstmCell extends AbstractRnnCell {

    /** Xavier-uniform {@code W_x}, orthogonal {@code W_h} blocks, forget bias 1, all from {@code seed}. */
    public LstmCell(String name, int inputSize, int hiddenSize, long seed) {
        this(name, inputSize, hiddenSize, seed, false);
    }

    /**
     * As {@link #LstmCell(String, int, int, long)}, with {@code layerNorm}: {@code [a_i, a_f, a_g, a_o] = LN_x(W_x
     * x_t + b) + LN_h(W_h h_{t−1})}, each normalised over its 4H columns (Ba et al. 2016, §3.1; see {@link
     * AbstractRnnCell}); {@code inputSize = 0} for a transition cell.
     */
    public LstmCell(String name, int inputSize, int hiddenSize, long seed, boolean layerNorm) {
        super(name, inputSize, hiddenSize, 4, 2, seed, layerNorm ? new int[] {4 * hiddenSize} : null);
        bx.value().rows(hiddenSize, hiddenSize).fill(1f);
    }

    /** Gate values ({@code B·H}) at least this many for the rows of a step to be split over the compute threads. */
    private static final int PARALLEL_MIN = 1 << 14;

    /** Per-thread row scratch of the gate loops: 12 arrays of H (see {@link RowScratch}). */
    private final RowScratch rowScratch = new RowScratch(12, hidden);

    @Override
    void gatesForward(int b, Tensor xProj, StepCache w, Tensor stateIn, Tensor stateOut) {
        // rows are independent: split over the compute threads when large (bit-identical)
        boolean keep = keepsForBackward(w);
        rowScratch.forRows(
                b, PARALLEL_MIN, (s, from, to) -> forwardRows(b, from, to, s, xProj, w, keep, stateIn, stateOut));
    }

    /**
     * Rows {@code [from, to)} of {@link #gatesForward}; the gates and {@code tanh(c)} are stored in {@code w} only
     * with {@code keep}.
     */
    private void forwardRows(
            int b,
            int from,
            int to,
            float[][] s,
            Tensor xProj,
            StepCache w,
            boolean keep,
            Tensor stateIn,
            Tensor stateOut) {
        final int hs = hidden;
        final int gh = 4 * hs;
        final float[] i = s[0];
        final float[] f = s[1];
        final float[] g = s[2];
        final float[] o = s[3];
        final float[] hi = s[4];
        final float[] hf = s[5];
        final float[] hg = s[6];
        final float[] ho = s[7];
        final float[] cIn = s[8];
        final float[] tc = s[9];
        final float[] c = s[10];
        final float[] h = s[11];
        FloatBuffer xb = xProj.buffer();
        FloatBuffer hp = w.hProj.buffer();
        FloatBuffer sb = stateIn.buffer();
        FloatBuffer ob = stateOut.buffer();
        int cInAt = stateIn.offset() + b * hs;
        int hOut = stateOut.offset();
        int cOut = hOut + b * hs;
        for (int row = from; row < to; row++) {
            int xo = xProj.offset() + row * gh;
            int hr = w.hProj.offset() + row * gh;
            xb.get(xo, i, 0, hs)
                    .get(xo + hs, f, 0, hs)
                    .get(xo + 2 * hs, g, 0, hs)
                    .get(xo + 3 * hs, o, 0, hs);
            hp.get(hr, hi, 0, hs)
                    .get(hr + hs, hf, 0, hs)
                    .get(hr + 2 * hs, hg, 0, hs)
                    .get(hr + 3 * hs, ho, 0, hs);
            sb.get(cInAt + row * hs, cIn, 0, hs);
            for (int j = 0; j < hs; j++) {
                i[j] = ElementWise.sigmoid(i[j] + hi[j]);
            }
            for (int j = 0; j < hs; j++) {
                f[j] = ElementWise.sigmoid(f[j] + hf[j]);
            }
            for (int j = 0; j < hs; j++) {
                g[j] = ElementWise.tanh(g[j] + hg[j]);
            }
            for (int j = 0; j < hs; j++) {
                o[j] = ElementWise.sigmoid(o[j] + ho[j]);
            }
            for (int j = 0; j < hs; j++) {
                float cj = f[j] * cIn[j] + i[j] * g[j];
                float t = ElementWise.tanh(cj);
                c[j] = cj;
                tc[j] = t;
                h[j] = o[j] * t;
            }
            if (keep) {
                int go = w.gates.offset() + row * gh;
                w.gates.buffer().put(go, i, 0, hs).put(go + hs, f, 0, hs).put(go + 2 * hs, g, 0, hs);
                w.gates.buffer().put(go + 3 * hs, o, 0, hs);
                w.extra.buffer().put(w.extra.offset() + row * hs, tc, 0, hs);
            }
            ob.put(cOut + row * hs, c, 0, hs).put(hOut + row * hs, h, 0, hs);
        }
    }

    @Override
    void gatesBackward(int b, StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH) {
        rowScratch.forRows(
                b, PARALLEL_MIN, (s, from, to) -> backwardRows(b, from, to, s, cache, dStateOut, dStateIn, dXProj));
    }

    /** Rows {@code [from, to)} of {@link #gatesBackward}. */
    private void backwardRows(
            int b, int from, int to, float[][] s, StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dXProj) {
        final int hs = hidden;
        final int gh = 4 * hs;
        final float[] i = s[0];
        final float[] f = s[1];
        final float[] g = s[2];
        final float[] o = s[3];
        final float[] tc = s[9];
        final float[] cIn = s[8];
        final float[] dh = s[11];
        final float[] dcOut = s[10];
        final float[] di = s[4];
        final float[] df = s[5];
        final float[] dg = s[6];
        final float[] dO = s[7];
        FloatBuffer gb = cache.gates.buffer();
        FloatBuffer xb = dXProj.buffer();
        FloatBuffer ib = dStateIn.buffer();
        int cInAt = cache.stateIn.offset() + b * hs;
        int dhOut = dStateOut.offset();
        int dcOutAt = dhOut + b * hs;
        int dhIn = dStateIn.offset();
        int dcIn = dhIn + b * hs;
        for (int row = from; row < to; row++) {
            int go = cache.gates.offset() + row * gh;
            gb.get(go, i, 0, hs)
                    .get(go + hs, f, 0, hs)
                    .get(go + 2 * hs, g, 0, hs)
                    .get(go + 3 * hs, o, 0, hs);
            cache.extra.buffer().get(cache.extra.offset() + row * hs, tc, 0, hs);
            cache.stateIn.buffer().get(cInAt + row * hs, cIn, 0, hs);
            dStateOut.buffer().get(dhOut + row * hs, dh, 0, hs).get(dcOutAt + row * hs, dcOut, 0, hs);
            for (int j = 0; j < hs; j++) {
                float t = tc[j];
                float dc = dcOut[j] + dh[j] * o[j] * (1f - t * t);
                di[j] = dc * g[j] * i[j] * (1f - i[j]);
                df[j] = dc * cIn[j] * f[j] * (1f - f[j]);
                dg[j] = dc * i[j] * (1f - g[j] * g[j]);
                dO[j] = dh[j] * t * o[j] * (1f - o[j]);
                dcOut[j] = dc * f[j]; // now the gradient w.r.t. c_{t−1}
            }
            int xo = dXProj.offset() + row * gh;
            xb.put(xo, di, 0, hs)
                    .put(xo + hs, df, 0, hs)
                    .put(xo + 2 * hs, dg, 0, hs)
                    .put(xo + 3 * hs, dO, 0, hs);
            java.util.Arrays.fill(dh, 0, hs, 0f);
            ib.put(dhIn + row * hs, dh, 0, hs).put(dcIn + row * hs, dcOut, 0, hs);
        }
    }
}
