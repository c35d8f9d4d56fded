package dev.tolk.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parameter bookkeeping, learning rate, step count and state export shared by {@link Sgd} and {@link Adam}. */
abstract class AbstractOptimizer implements Optimizer {
    protected final List<Parameter> params;
    protected float lr;
    protected final float weightDecay;
    protected long steps;

    AbstractOptimizer(List<Parameter> parameters, float learningRate, float weightDecay) {
        Set<String> names = new HashSet<>();
        for (Parameter p : parameters) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException(
                        getClass().getSimpleName() + ": duplicate parameter name " + p.name());
            }
        }
        if (weightDecay < 0f) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": weightDecay must be >= 0, got " + weightDecay);
        }
        this.params = Collections.unmodifiableList(new ArrayList<>(parameters));
        setLearningRate(learningRate);
        this.weightDecay = weightDecay;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public float learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(float learningRate) {
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": learning rate must be > 0, got " + learningRate);
        }
        this.lr = learningRate;
    }

    @Override
    public long stepCount() {
        return steps;
    }

    /** Kind written into the exported state. */
    abstract String kind();

    /** Per-parameter state arrays, suffix → arrays aligned with {@link #params}. */
    abstract Map<String, float[][]> stateArrays();

    @Override
    public OptimizerState exportState() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, float[][]> e : stateArrays().entrySet()) {
            for (int i = 0; i < params.size(); i++) {
                arrays.put(params.get(i).name() + "/" + e.getKey(), e.getValue()[i]);
            }
        }
        return new OptimizerState(kind(), steps, lr, arrays);
    }

    @Override
    public void importState(OptimizerState state) {
        if (!state.kind().equals(kind())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".importState: state is of kind "
                    + state.kind() + " but this optimiser is " + kind());
        }
        Map<String, float[][]> mine = stateArrays();
        for (Map.Entry<String, float[][]> e : mine.entrySet()) {
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                String key = p.name() + "/" + e.getKey();
                float[] a = state.arrays().get(key);
                if (a == null) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ".importState: no array " + key);
                }
                if (a.length != p.size()) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ".importState: " + key + " has "
                            + a.length + " values but the parameter has " + p.size());
                }
            }
        }
        for (Map.Entry<String, float[][]> e : mine.entrySet()) {
            for (int i = 0; i < params.size(); i++) {
                float[] a = state.arrays().get(params.get(i).name() + "/" + e.getKey());
                System.arraycopy(a, 0, e.getValue()[i], 0, a.length);
            }
        }
        this.steps = state.step();
        setLearningRate(state.learningRate());
    }
}
