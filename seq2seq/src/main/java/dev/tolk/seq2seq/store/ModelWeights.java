package dev.tolk.seq2seq.store;

import dev.tolk.core.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters as named tensors: the bridge between live {@link Parameter}s and the tensors stored in
 * model files and checkpoints. Loading matches by name and exact shape and checks everything before it copies
 * anything, so a mismatched file never leaves a half-loaded model.
 */
public final class ModelWeights {
    private ModelWeights() {}

    /** Copies of every parameter's values, named and ordered as {@code params}. */
    public static List<NamedTensor> export(List<Parameter> params) {
        List<NamedTensor> out = new ArrayList<>(params.size());
        for (Parameter p : params) {
            out.add(new NamedTensor(p.name(), p.value().shape(), p.value().toArray()));
        }
        return out;
    }

    /**
     * Copies {@code weights} into {@code params}: every parameter exactly once, by name, with its exact shape.
     *
     * @throws IllegalArgumentException naming the first missing, mis-shaped or extra tensor (nothing is copied)
     */
    public static void load(List<Parameter> params, List<NamedTensor> weights) {
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        for (NamedTensor t : weights) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("the weights hold tensor '" + t.name() + "' twice");
            }
        }
        List<NamedTensor> matched = new ArrayList<>(params.size());
        for (Parameter p : params) {
            NamedTensor t = byName.remove(p.name());
            if (t == null) {
                throw new IllegalArgumentException("the weights lack tensor '" + p.name() + "' "
                        + Arrays.toString(p.value().shape()) + "; the model file does not match its configuration");
            }
            if (!Arrays.equals(t.shape(), p.value().shape())) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' is " + Arrays.toString(t.shape())
                        + " but the model needs " + Arrays.toString(p.value().shape()));
            }
            matched.add(t);
        }
        if (!byName.isEmpty()) {
            throw new IllegalArgumentException("the weights hold tensors this model does not have: " + byName.keySet());
        }
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().copyFrom(matched.get(i).values());
        }
    }
}
