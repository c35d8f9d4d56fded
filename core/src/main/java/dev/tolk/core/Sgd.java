package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, PyTorch's formulation ({@code torch.optim.SGD}):
 * <pre>
 *   g ← ∇ + λ·θ
 *   b ← μ·b + g        (b = g on the first step)
 *   θ ← θ − η·b        (θ ← θ − η·g when μ = 0)
 * </pre>
 * Embedding tables (row-sparse gradients) get the same dense update; see {@link Embedding}.
 */
public final class Sgd extends AbstractOptimizer {
    private final float momentum;
    private final float[][] buffers;

    /**
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0
     */
    public Sgd(List<Parameter> parameters, float learningRate, float momentum, float weightDecay) {
        super(parameters, learningRate, weightDecay);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.buffers = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            buffers[i] = new float[momentum > 0f ? params.get(i).size() : 0];
        }
    }

    @Override
    public void step() {
        boolean first = steps == 0;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            FloatBuffer vb = p.value().buffer();
            FloatBuffer gb = p.grad().buffer();
            int vo = p.value().offset();
            int go = p.grad().offset();
            float[] buf = buffers[i];
            for (int j = 0, n = p.size(); j < n; j++) {
                float w = vb.get(vo + j);
                float g = gb.get(go + j) + weightDecay * w;
                if (momentum > 0f) {
                    buf[j] = first ? g : momentum * buf[j] + g;
                    g = buf[j];
                }
                vb.put(vo + j, w - lr * g);
            }
            // Written through the buffer: cached converted forms of the weight are stale now.
            p.value().markModified();
        }
        steps++;
    }

    @Override
    String kind() {
        return "sgd";
    }

    @Override
    Map<String, float[][]> stateArrays() {
        return momentum > 0f ? Map.of("momentum", buffers) : Map.of();
    }
}
