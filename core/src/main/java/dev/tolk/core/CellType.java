package dev.tolk.core;

/** The recurrent cell kinds, with a seeded factory. */
public enum CellType {
    /** {@link SimpleRnnCell}. */
    SIMPLE,
    /** {@link LstmCell}. */
    LSTM,
    /** {@link GruCell}. */
    GRU;

    /** A new cell of this kind with parameter-name prefix {@code name}, initialised from {@code seed}. */
    public RnnCell create(String name, int inputSize, int hiddenSize, long seed) {
        return create(name, inputSize, hiddenSize, false, seed);
    }

    /**
     * A new cell of this kind, layer-normalised when {@code layerNorm}; {@code inputSize = 0} gives a transition
     * cell without input (see {@link DeepTransitionCell}).
     */
    public RnnCell create(String name, int inputSize, int hiddenSize, boolean layerNorm, long seed) {
        return switch (this) {
            case SIMPLE -> new SimpleRnnCell(name, inputSize, hiddenSize, seed, layerNorm);
            case LSTM -> new LstmCell(name, inputSize, hiddenSize, seed, layerNorm);
            case GRU -> new GruCell(name, inputSize, hiddenSize, seed, layerNorm);
        };
    }
}
