package dev.tolk.seq2seq.model;

import dev.tolk.core.Tensor;

/**
 * A time-major matrix {@code [T·B, width]} (step {@code t} is rows {@code [t·B, t·B + B)}) in storage grown on
 * demand, with its per-step row views {@code [B, width]} built once per shape, so time loops allocate nothing.
 * With {@code T = 1} it is a plain {@code [B, width]} batch matrix. Storage is never shrunk and never cleared:
 * whoever reads a buffer writes it first.
 */
final class StepBuffer {
    private final int width;
    private Tensor store;
    private Tensor all;
    private Tensor[] steps = new Tensor[0];

    StepBuffer(int width) {
        this.width = width;
    }

    /** Makes room for {@code rows} rows (reallocating, contents lost, when there are fewer). */
    void reserve(int rows) {
        if (store == null || store.size() < rows * width) {
            store = Tensor.zeros(Math.max(1, rows * width));
        }
    }

    /** Views for {@code steps} steps of {@code batch} rows; needs {@link #reserve} of at least {@code T·B} rows. */
    void shape(int steps, int batch) {
        int n = steps * batch;
        all = store.rows(0, n * width).reshape(n, width);
        this.steps = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            this.steps[t] = all.rows(t * batch, batch);
        }
    }

    /** All steps, {@code [T·B, width]}. */
    Tensor all() {
        return all;
    }

    /** Step {@code t}, {@code [B, width]} (a view built by {@link #shape}). */
    Tensor step(int t) {
        return steps[t];
    }

    /** The batch matrix {@code [B, width]} of a buffer shaped with {@code T = 1}. */
    Tensor batch() {
        return steps[0];
    }
}
