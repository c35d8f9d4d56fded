package dev.tolk.core;

/** A three-transition GRU {@link DeepTransitionCell} against the contract and PyTorch. */
class DeepTransitionGruCellTest extends RnnCellContract {
    @Override
    protected RnnCell create(String name, int inputSize, int hiddenSize, long seed) {
        return new CellSpec(CellType.GRU, false, 3).create(name, inputSize, hiddenSize, seed);
    }

    @Override
    protected String goldenName() {
        return "gru_deep";
    }
}
