package dev.tolk.core;

/** {@link LstmCell} against the {@link RnnCellContract} and PyTorch's golden values. */
class LstmCellTest extends RnnCellContract {
    @Override
    protected RnnCell create(String name, int inputSize, int hiddenSize, long seed) {
        return new LstmCell(name, inputSize, hiddenSize, seed);
    }

    @Override
    protected String goldenName() {
        return "lstm";
    }
}
