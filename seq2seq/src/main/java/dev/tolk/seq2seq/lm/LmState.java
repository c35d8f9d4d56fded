package dev.tolk.seq2seq.lm;

import dev.tolk.core.ElementWise;
import dev.tolk.core.Rnn;
import dev.tolk.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The hidden state a {@link CharLanguageModel} carries from one segment of a stream to the next: one tensor
 * {@code [stateParts, B, H]} per layer (LSTM: h then c). It is a value, not a graph: gradient never flows from a
 * segment into the previous one (the state is "detached"), which is what truncated BPTT over a long stream means.
 */
public final class LmState {
    private final Tensor[] layers;

    LmState(int layerCount, int parts, int batch, int hidden) {
        layers = new Tensor[layerCount];
        for (int l = 0; l < layerCount; l++) {
            layers[l] = Tensor.zeros(parts, batch, hidden);
        }
    }

    /** @return B, the columns this state is for */
    public int batch() {
        return layers[0].dim(1);
    }

    /** The per-layer tensors, in the order {@link Rnn#forward} takes initial states (not copies). */
    Tensor[] tensors() {
        return layers;
    }

    /** Zeroes every layer (a fresh start, e.g. at an epoch's beginning). */
    public void reset() {
        for (Tensor t : layers) {
            t.zero();
        }
    }

    /** Copies the final states of {@code rnn}'s last forward into this state. */
    void capture(Rnn rnn) {
        for (int l = 0; l < layers.length; l++) {
            layers[l].copyFrom(rnn.finalState(l, 0));
        }
    }

    /**
     * @param column a column b in [0, B)
     * @return a new single-column state holding column b of this one
     */
    public LmState column(int column) {
        LmState out = new LmState(layers.length, layers[0].dim(0), 1, layers[0].dim(2));
        for (int l = 0; l < layers.length; l++) {
            ElementWise.gatherRows(layers[l], 1, new int[] {column}, out.layers[l]);
        }
        return out;
    }

    /** @return copies of the per-layer values, for checkpoints */
    public List<float[]> export() {
        List<float[]> out = new ArrayList<>(layers.length);
        for (Tensor t : layers) {
            out.add(t.toArray());
        }
        return out;
    }

    /**
     * Restores values written by {@link #export()}.
     *
     * @param values one array per layer of this state's size
     * @throws IllegalArgumentException when the layer count or a size differs
     */
    public void restore(List<float[]> values) {
        if (values.size() != layers.length) {
            throw new IllegalArgumentException(
                    "state has " + layers.length + " layers but " + values.size() + " were given");
        }
        for (int l = 0; l < layers.length; l++) {
            if (values.get(l).length != layers[l].size()) {
                throw new IllegalArgumentException("state layer " + l + " has " + layers[l].size() + " values but "
                        + values.get(l).length + " were given");
            }
            layers[l].copyFrom(values.get(l));
        }
    }
}
