package dev.tolk.core;

/** {@link SimpleRnnCell} against the {@link RnnCellContract} and PyTorch's golden values. */
class SimpleRnnCellTest extends RnnCellContract {
    @Override
    protected RnnCell create(String name, int inputSize, int hiddenSize, long seed) {
        return new SimpleRnnCell(name, inputSize, hiddenSize, seed);
    }

    @Override
    protected String goldenName() {
        return "rnn";
    }
}
