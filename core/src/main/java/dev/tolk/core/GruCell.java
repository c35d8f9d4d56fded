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
    this(name, inputSize, hiddenSize, seed, Parameter.of(name + ".bhn", Tensor.zeros(hiddenSize)));
  }

  private GruCell(String name, int inputSize, int hiddenSize, long seed, Parameter bhn) {
    super(name, inputSize, hiddenSize, 3, 1, seed, bhn);
    this.bhn = bhn;
  }

  @Override
  void gatesForward(int b, Tensor xProj, StepCache w, Tensor stateIn, Tensor stateOut) {
    final int hs = hidden;
    final int gh = 3 * hs;
    FloatBuffer xb = xProj.buffer();
    FloatBuffer hp = w.hProj.buffer();
    FloatBuffer gb = w.gates.buffer();
    FloatBuffer sb = stateIn.buffer();
    FloatBuffer ob = stateOut.buffer();
    FloatBuffer bb = bhn.value().buffer();
    int bo = bhn.value().offset();
    for (int r = 0; r < b; r++) {
      int xr = xProj.offset() + r * gh;
      int hr = w.hProj.offset() + r * gh;
      int gr = w.gates.offset() + r * gh;
      int sr = stateIn.offset() + r * hs;
      int or = stateOut.offset() + r * hs;
      for (int j = 0; j < hs; j++) {
        float rg = ElementWise.sigmoid(xb.get(xr + j) + hp.get(hr + j));
        float z = ElementWise.sigmoid(xb.get(xr + hs + j) + hp.get(hr + hs + j));
        float hn = hp.get(hr + 2 * hs + j) + bb.get(bo + j);
        hp.put(hr + 2 * hs + j, hn);
        float n = ElementWise.tanh(xb.get(xr + 2 * hs + j) + rg * hn);
        float h = sb.get(sr + j);
        gb.put(gr + j, rg);
        gb.put(gr + hs + j, z);
        gb.put(gr + 2 * hs + j, n);
        ob.put(or + j, h + z * (n - h));
      }
    }
  }

  @Override
  Tensor recurrentGradient(Tensor dXProj, Tensor scratchDh) {
    return scratchDh;
  }

  @Override
  void gatesBackward(int b, StepCache c, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH) {
    final int hs = hidden;
    final int gh = 3 * hs;
    FloatBuffer gb = c.gates.buffer();
    FloatBuffer hp = c.hProj.buffer();
    FloatBuffer sb = c.stateIn.buffer();
    FloatBuffer db = dStateOut.buffer();
    FloatBuffer xb = dXProj.buffer();
    FloatBuffer hb = dH.buffer();
    FloatBuffer ib = dStateIn.buffer();
    for (int r = 0; r < b; r++) {
      int gr = c.gates.offset() + r * gh;
      int hr = c.hProj.offset() + r * gh;
      int xr = dXProj.offset() + r * gh;
      int dr = dH.offset() + r * gh;
      int sr = c.stateIn.offset() + r * hs;
      int dor = dStateOut.offset() + r * hs;
      int dir = dStateIn.offset() + r * hs;
      for (int j = 0; j < hs; j++) {
        float rg = gb.get(gr + j);
        float z = gb.get(gr + hs + j);
        float n = gb.get(gr + 2 * hs + j);
        float hn = hp.get(hr + 2 * hs + j);
        float h = sb.get(sr + j);
        float dh = db.get(dor + j);
        float dan = dh * z * (1f - n * n);
        float dar = dan * hn * rg * (1f - rg);
        float daz = dh * (n - h) * z * (1f - z);
        xb.put(xr + j, dar);
        xb.put(xr + hs + j, daz);
        xb.put(xr + 2 * hs + j, dan);
        hb.put(dr + j, dar);
        hb.put(dr + hs + j, daz);
        hb.put(dr + 2 * hs + j, dan * rg);
        ib.put(dir + j, dh * (1f - z));
      }
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
