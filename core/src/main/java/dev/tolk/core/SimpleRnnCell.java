package dev.tolk.core;

import java.nio.FloatBuffer;

/**
 * Elman recurrent cell (Elman 1990): {@code h_t = tanh(W_xh x_t + W_hh h_{t−1} + b)}.
 *
 * <p>Parameters: {@code wx = W_xh: [H, in]}, {@code wh = W_hh: [H, H]}, {@code bx = b: [H]} (one bias; PyTorch's
 * {@code b_ih + b_hh}). State {@code [1, B, H]}. See {@link RnnCell} for the step API and buffer rules.
 */
public final class SimpleRnnCell extends AbstractRnnCell {

    /** Xavier-uniform {@code W_xh}, orthogonal {@code W_hh}, zero bias, all from {@code seed}. */
    public SimpleRnnCell(String name, int inputSize, int hiddenSize, long seed) {
        this(name, inputSize, hiddenSize, seed, false);
    }

    /**
     * As {@link #SimpleRnnCell(String, int, int, long)}, with {@code layerNorm}: {@code h_t = tanh(LN_x(W_xh x_t +
     * b) + LN_h(W_hh h_{t−1}))} (see {@link AbstractRnnCell}); {@code inputSize = 0} for a transition cell.
     */
    public SimpleRnnCell(String name, int inputSize, int hiddenSize, long seed, boolean layerNorm) {
        super(name, inputSize, hiddenSize, 1, 1, seed, layerNorm ? new int[] {hiddenSize} : null);
    }

    @Override
    void gatesForward(int b, Tensor xProj, StepCache w, Tensor stateIn, Tensor stateOut) {
        FloatBuffer xb = xProj.buffer();
        FloatBuffer hp = w.hProj.buffer();
        FloatBuffer gb = w.gates.buffer();
        FloatBuffer ob = stateOut.buffer();
        int xo = xProj.offset();
        int ho = w.hProj.offset();
        int go = w.gates.offset();
        int oo = stateOut.offset();
        for (int i = 0, n = b * hidden; i < n; i++) {
            float h = ElementWise.tanh(xb.get(xo + i) + hp.get(ho + i));
            gb.put(go + i, h);
            ob.put(oo + i, h);
        }
    }

    @Override
    void gatesBackward(int b, StepCache c, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH) {
        FloatBuffer gb = c.gates.buffer();
        FloatBuffer db = dStateOut.buffer();
        FloatBuffer xb = dXProj.buffer();
        FloatBuffer ib = dStateIn.buffer();
        int go = c.gates.offset();
        int dof = dStateOut.offset();
        int xo = dXProj.offset();
        int io = dStateIn.offset();
        for (int i = 0, n = b * hidden; i < n; i++) {
            float h = gb.get(go + i);
            xb.put(xo + i, db.get(dof + i) * (1f - h * h));
            ib.put(io + i, 0f);
        }
    }
}
