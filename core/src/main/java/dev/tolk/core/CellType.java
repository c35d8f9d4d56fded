package dev.tolk.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The recurrent cell kinds, with a seeded factory: the one definition used by the RNN layers, the translation model
 * ({@code model.cell}) and the character language model ({@code tolk lm train --cell}). Written in configuration
 * files and on the command line as the name in lower case: {@code gru}, {@code lstm}, {@code rnn}.
 */
public enum CellType {
    /** {@link GruCell}. */
    GRU,
    /** {@link LstmCell}. */
    LSTM,
    /** The Elman RNN, {@link SimpleRnnCell}. */
    RNN;

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
            case GRU -> new GruCell(name, inputSize, hiddenSize, seed, layerNorm);
            case LSTM -> new LstmCell(name, inputSize, hiddenSize, seed, layerNorm);
            case RNN -> new SimpleRnnCell(name, inputSize, hiddenSize, seed, layerNorm);
        };
    }

    /**
     * @return the gate blocks of the cell's weight matrices {@code W_x: [G·H, in]} and {@code W_h: [G·H, H]}: GRU 3
     *     (r, z, n), LSTM 4 (i, f, g, o), RNN 1
     */
    public int gateBlocks() {
        return switch (this) {
            case GRU -> 3;
            case LSTM -> 4;
            case RNN -> 1;
        };
    }

    /** @return the configuration and command-line spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code gru}, {@code lstm} or {@code rnn}, in any case
     * @return the cell type
     * @throws IllegalArgumentException listing the valid names otherwise
     */
    public static CellType parse(String name) {
        for (CellType c : values()) {
            if (c.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("cell must be one of "
                + Arrays.stream(values()).map(CellType::configName).collect(Collectors.joining(", ")) + ", got '"
                + name + "'");
    }
}
