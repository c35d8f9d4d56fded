package dev.tolk.core;

/** {@link GruCell} against the {@link RnnCellContract} and PyTorch's golden values. */
class GruCellTest extends RnnCellContract {
    @Override
    protected RnnCell create(String name, int inputSize, int hiddenSize, long seed) {
        return new GruCell(name, inputSize, hiddenSize, seed);
    }

    @Override
    protected String goldenName() {
        return "gru";
    }
}
