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

    @Override
    void gatesForward(int b, Tensor xProj, StepCache w, Tensor stateIn, Tensor stateOut) {
        final int hs = hidden;
        final int gh = 4 * hs;
        FloatBuffer xb = xProj.buffer();
        FloatBuffer hp = w.hProj.buffer();
        FloatBuffer gb = w.gates.buffer();
        FloatBuffer eb = w.extra.buffer();
        FloatBuffer sb = stateIn.buffer();
        FloatBuffer ob = stateOut.buffer();
        int cIn = stateIn.offset() + b * hs;
        int hOut = stateOut.offset();
        int cOut = hOut + b * hs;
        for (int r = 0; r < b; r++) {
            int xr = xProj.offset() + r * gh;
            int hr = w.hProj.offset() + r * gh;
            int gr = w.gates.offset() + r * gh;
            int er = w.extra.offset() + r * hs;
            int sr = r * hs;
            for (int j = 0; j < hs; j++) {
                float i = ElementWise.sigmoid(xb.get(xr + j) + hp.get(hr + j));
                float f = ElementWise.sigmoid(xb.get(xr + hs + j) + hp.get(hr + hs + j));
                float g = ElementWise.tanh(xb.get(xr + 2 * hs + j) + hp.get(hr + 2 * hs + j));
                float o = ElementWise.sigmoid(xb.get(xr + 3 * hs + j) + hp.get(hr + 3 * hs + j));
                float c = f * sb.get(cIn + sr + j) + i * g;
                float tc = ElementWise.tanh(c);
                gb.put(gr + j, i);
                gb.put(gr + hs + j, f);
                gb.put(gr + 2 * hs + j, g);
                gb.put(gr + 3 * hs + j, o);
                eb.put(er + j, tc);
                ob.put(cOut + sr + j, c);
                ob.put(hOut + sr + j, o * tc);
            }
        }
    }

    @Override
    void gatesBackward(int b, StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH) {
        final int hs = hidden;
        final int gh = 4 * hs;
        FloatBuffer gb = cache.gates.buffer();
        FloatBuffer eb = cache.extra.buffer();
        FloatBuffer sb = cache.stateIn.buffer();
        FloatBuffer db = dStateOut.buffer();
        FloatBuffer xb = dXProj.buffer();
        FloatBuffer ib = dStateIn.buffer();
        int cIn = cache.stateIn.offset() + b * hs;
        int dhOut = dStateOut.offset();
        int dcOut = dhOut + b * hs;
        int dhIn = dStateIn.offset();
        int dcIn = dhIn + b * hs;
        for (int r = 0; r < b; r++) {
            int gr = cache.gates.offset() + r * gh;
            int er = cache.extra.offset() + r * hs;
            int xr = dXProj.offset() + r * gh;
            int sr = r * hs;
            for (int j = 0; j < hs; j++) {
                float i = gb.get(gr + j);
                float f = gb.get(gr + hs + j);
                float g = gb.get(gr + 2 * hs + j);
                float o = gb.get(gr + 3 * hs + j);
                float tc = eb.get(er + j);
                float dh = db.get(dhOut + sr + j);
                float dc = db.get(dcOut + sr + j) + dh * o * (1f - tc * tc);
                xb.put(xr + j, dc * g * i * (1f - i));
                xb.put(xr + hs + j, dc * sb.get(cIn + sr + j) * f * (1f - f));
                xb.put(xr + 2 * hs + j, dc * i * (1f - g * g));
                xb.put(xr + 3 * hs + j, dh * tc * o * (1f - o));
                ib.put(dhIn + sr + j, 0f);
                ib.put(dcIn + sr + j, dc * f);
            }
        }
    }
}
