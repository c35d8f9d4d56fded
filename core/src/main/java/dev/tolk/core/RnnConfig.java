package dev.tolk.core;

/**
 * Shape and training options of an {@link Rnn}. Immutable and validated on construction.
 *
 * @param cell the cell: kind, layer normalisation, transition depth
 * @param inputSize features of the input sequence {@code x: [T, B, inputSize]}
 * @param hiddenSize H per direction
 * @param layers stacked layers (≥ 1)
 * @param bidirectional if true every layer has a forward and a backward direction; outputs are {@code [T, B, 2H]}
 * @param residual if true layers 2.. add their input to their output (Wu et al. 2016); needs {@code layers ≥ 2}
 * @param dropout drop probability applied to each layer's output before it enters the next layer (not after the
 *     last layer), in [0, 1)
 * @param truncation k for truncated BPTT (gradient stops crossing every k-th step boundary), or 0 for full BPTT
 */
public record RnnConfig(
        CellSpec cell,
        int inputSize,
        int hiddenSize,
        int layers,
        boolean bidirectional,
        boolean residual,
        float dropout,
        int truncation) {

    public RnnConfig {
        if (cell == null) {
            throw new IllegalArgumentException("RnnConfig: cell is required");
        }
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(
                    "RnnConfig: inputSize and hiddenSize must be positive, got " + inputSize + " and " + hiddenSize);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("RnnConfig: layers must be >= 1, got " + layers);
        }
        if (residual && layers < 2) {
            throw new IllegalArgumentException("RnnConfig: residual connections need layers >= 2, got " + layers);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("RnnConfig: dropout must be in [0, 1), got " + dropout);
        }
        if (truncation < 0) {
            throw new IllegalArgumentException("RnnConfig: truncation must be >= 0 (0 = full BPTT), got " + truncation);
        }
    }

    /** As the canonical constructor with a plain cell of kind {@code cell} ({@link CellSpec#of}). */
    public RnnConfig(
            CellType cell,
            int inputSize,
            int hiddenSize,
            int layers,
            boolean bidirectional,
            boolean residual,
            float dropout,
            int truncation) {
        this(
                cell == null ? null : CellSpec.of(cell),
                inputSize,
                hiddenSize,
                layers,
                bidirectional,
                residual,
                dropout,
                truncation);
    }

    /** A single-layer unidirectional network with full BPTT. */
    public static RnnConfig of(CellType cell, int inputSize, int hiddenSize) {
        return new RnnConfig(cell, inputSize, hiddenSize, 1, false, false, 0f, 0);
    }

    /** Directions per layer (1 or 2). */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Features of each layer's output: {@code directions·H}. */
    public int outputSize() {
        return directions() * hiddenSize;
    }
}
