package dev.tolk.seq2seq.model;

import dev.tolk.core.ElementWise;
import dev.tolk.core.Linear;
import dev.tolk.core.Parameter;
import dev.tolk.core.Tensor;
import dev.tolk.core.Trainable;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * The decoder's initial state of one layer from the encoder's final features (Bahdanau et al. 2015, A.2.2; Cho et
 * al. 2014): {@code s_0 = tanh(W_init f + b)}, {@code f: [B, C]}, {@code s_0: [B, H]}.
 */
final class InitialState implements Trainable {
    private final Linear init;

    /**
     * @param name parameter-name prefix ({@code .w}, {@code .b})
     * @param contextSize C
     * @param hiddenSize H
     * @param seed initialisation seed
     */
    InitialState(String name, int contextSize, int hiddenSize, long seed) {
        this.init = new Linear(name, contextSize, hiddenSize, true, seed);
    }

    @Override
    public List<Parameter> parameters() {
        return init.parameters();
    }

    /** {@code s0 = tanh(W_init f + b)}: {@code f: [B, C]}, {@code s0: [B, H]}. */
    void forward(Tensor f, Tensor s0) {
        init.forward(f, s0);
        FloatBuffer b = s0.buffer();
        for (int i = s0.offset(), end = s0.offset() + s0.size(); i < end; i++) {
            b.put(i, ElementWise.tanh(b.get(i)));
        }
    }

    /**
     * Backward of {@link #forward}: {@code ∂L/∂f: [B, C]} (written into {@code dF}) from {@code ds0: [B, H]} and
     * the forward's {@code s0}, through {@code ∂L/∂(W_init f + b) = ds0 ⊙ (1 − s0²)} (held in {@code dPre: [B,
     * H]}); accumulates the weight gradients.
     */
    void backward(Tensor f, Tensor s0, Tensor ds0, Tensor dPre, Tensor dF) {
        FloatBuffer sb = s0.buffer();
        FloatBuffer gb = ds0.buffer();
        FloatBuffer pb = dPre.buffer();
        for (int i = 0, m = s0.size(); i < m; i++) {
            float s = sb.get(s0.offset() + i);
            pb.put(dPre.offset() + i, gb.get(ds0.offset() + i) * (1f - s * s));
        }
        init.backward(f, dPre, dF);
    }
}
