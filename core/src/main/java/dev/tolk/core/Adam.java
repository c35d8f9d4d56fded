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

    public Adam(
            List<Parameter> parameters,
            float learningRate,
            float beta1,
            float beta2,
            float epsilon,
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

    /** Elements per chunk copied between the direct buffers and heap scratch. */
    private static final int CHUNK = 4096;
    /** Parameters at least this large are updated in {@link Gemm#threads()} parallel ranges. */
    private static final int PARALLEL_MIN = 1 << 16;

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[CHUNK], new float[CHUNK], new float[CHUNK]});

    @Override
    public void step() {
        long t = steps + 1;
        double c1 = 1.0 - Math.pow(beta1, t);
        double c2 = 1.0 - Math.pow(beta2, t);
        float stepSize = (float) (lr / c1);
        float invSqrtC2 = (float) (1.0 / Math.sqrt(c2));
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float[] mi = m[i];
            float[] vi = v[i];
            int n = p.size();
            ComputeThreads.shared()
                    .forRows(n, n, PARALLEL_MIN, (part, from, to) -> update(p, mi, vi, from, to, stepSize, invSqrtC2));
            // Written through the buffer: cached converted forms of the weight are stale now.
            p.value().markModified();
        }
        steps = t;
    }

    /**
     * The update of elements {@code [from, to)} of one parameter (independent of how elements are split). Each chunk
     * runs in three passes (moments, square roots, weights) with the arithmetic of the one-pass formula, so the
     * results are the same bits: HotSpot vectorises each pass, while a one-pass loop mixing the float-to-double
     * square root into the float arithmetic stays scalar.
     */
    private void update(Parameter p, float[] mi, float[] vi, int from, int to, float stepSize, float invSqrtC2) {
        FloatBuffer vb = p.value().buffer();
        FloatBuffer gb = p.grad().buffer();
        int vo = p.value().offset();
        int go = p.grad().offset();
        float[][] scratch = SCRATCH.get();
        float[] w = scratch[0];
        float[] g = scratch[1];
        float[] root = scratch[2];
        final float b1 = beta1;
        final float b2 = beta2;
        final float wd = weightDecay;
        final float e = eps;
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c);
            vb.get(vo + c, w, 0, len);
            gb.get(go + c, g, 0, len);
            for (int j = 0; j < len; j++) {
                float gj = g[j] + wd * w[j];
                float vj = b2 * vi[c + j] + (1f - b2) * gj * gj;
                mi[c + j] = b1 * mi[c + j] + (1f - b1) * gj;
                vi[c + j] = vj;
                root[j] = vj;
            }
            for (int j = 0; j < len; j++) {
                root[j] = (float) Math.sqrt(root[j]);
            }
            for (int j = 0; j < len; j++) {
                w[j] = w[j] - stepSize * mi[c + j] / (root[j] * invSqrtC2 + e);
            }
            vb.put(vo + c, w, 0, len);
        }
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
