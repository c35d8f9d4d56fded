package dev.tolk.core;

/**
 * Which recurrent cell to build: its kind, whether it is layer-normalised (see {@link AbstractRnnCell}), and its
 * transition depth ({@link DeepTransitionCell}). Immutable and validated.
 *
 * @param type the cell kind
 * @param layerNorm layer normalisation of the input and recurrent projections
 * @param transitionDepth cells applied per time step, in [1, 8]; 1 is a plain cell
 */
public record CellSpec(CellType type, boolean layerNorm, int transitionDepth) {

    /** Validates. */
    public CellSpec {
        if (type == null) {
            throw new IllegalArgumentException("CellSpec: type is required");
        }
        if (transitionDepth < 1 || transitionDepth > 8) {
            throw new IllegalArgumentException("CellSpec: transitionDepth must be in [1, 8], got " + transitionDepth);
        }
    }

    /** A plain cell of {@code type}: no layer normalisation, one transition. */
    public static CellSpec of(CellType type) {
        return new CellSpec(type, false, 1);
    }

    /**
     * A new cell. The first (or only) transition is named {@code name} and initialised from {@code seed}, as
     * {@link CellType#create(String, int, int, long)} would make it; transition {@code k ≥ 2} is named
     * {@code name.transition<k>}, has no input and is initialised from {@code seed + 7919·k}.
     */
    public RnnCell create(String name, int inputSize, int hiddenSize, long seed) {
        RnnCell first = type.create(name, inputSize, hiddenSize, layerNorm, seed);
        if (transitionDepth == 1) {
            return first;
        }
        RnnCell[] cells = new RnnCell[transitionDepth];
        cells[0] = first;
        for (int k = 2; k <= transitionDepth; k++) {
            cells[k - 1] = type.create(name + ".transition" + k, 0, hiddenSize, layerNorm, seed + 7_919L * k);
        }
        return new DeepTransitionCell(cells);
    }
}
