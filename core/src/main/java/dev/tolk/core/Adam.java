package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1) with L2 weight decay added to the gradient as in
 * {@code torch.optim.Adam}:
 * <pre>
 *   g ← ∇ + λ·θ
 *   m ← β₁ m + (1 − β₁) g;   v ← β₂ v + (1 − β₂) g²
 *   θ ← θ − η · (m / (1 − β₁ᵗ)) / (sqrt(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 * Embedding tables get the same dense update (untouched rows have g = 0 but their moments keep acting), as
 * PyTorch's Adam does for an embedding with a dense gradient; see {@link Embedding}.
 */
public final class Adam extends AbstractOptimizer {
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float[][] m;
  private final float[][] v;

  /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. */
  public Adam(List<Parameter> parameters, float learningRate) {
    this(parameters, learningRate, 0.9f, 0.999f, 1e-8f, 0f);
  }

  public Adam(List<Parameter> parameters, float learningRate, float beta1, float beta2, float epsilon,
      float weightDecay) {
    super(parameters, learningRate, weightDecay);
    if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
      throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0f)) {
      throw new IllegalArgumentException("Adam: epsilon must be > 0, got " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = epsilon;
    this.m = new float[params.size()][];
    this.v = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      m[i] = new float[params.get(i).size()];
      v[i] = new float[params.get(i).size()];
    }
  }

  @Override
  public void step() {
    long t = steps + 1;
    double c1 = 1.0 - Math.pow(beta1, t);
    double c2 = 1.0 - Math.pow(beta2, t);
    float stepSize = (float) (lr / c1);
    float invSqrtC2 = (float) (1.0 / Math.sqrt(c2));
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      FloatBuffer vb = p.value().buffer();
      FloatBuffer gb = p.grad().buffer();
      int vo = p.value().offset();
      int go = p.grad().offset();
      float[] mi = m[i];
      float[] vi = v[i];
      for (int j = 0, n = p.size(); j < n; j++) {
        float w = vb.get(vo + j);
        float g = gb.get(go + j) + weightDecay * w;
        float mj = beta1 * mi[j] + (1f - beta1) * g;
        float vj = beta2 * vi[j] + (1f - beta2) * g * g;
        mi[j] = mj;
        vi[j] = vj;
        vb.put(vo + j, w - stepSize * mj / ((float) Math.sqrt(vj) * invSqrtC2 + eps));
      }
    }
    steps = t;
  }

  @Override
  String kind() {
    return "adam";
  }

  @Override
  Map<String, float[][]> stateArrays() {
    Map<String, float[][]> s = new LinkedHashMap<>();
    s.put("m", m);
    s.put("v", v);
    return s;
  }
}
