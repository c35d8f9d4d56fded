package dev.tolk.core;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Embedding lookup: row {@code ids[i]} of the table {@code E: [vocabularySize, dim]} becomes row {@code i} of
 * the output.
 *
 * <p><b>Sparse gradient.</b> Backward adds {@code dOut[i]} into row {@code ids[i]} of the gradient and marks the row
 * touched ({@link Parameter#sparseRows}); untouched rows stay exactly zero and {@link Parameter#zeroGrad()}
 * clears only touched rows. The optimisers apply their ordinary (dense) update to the table, which for the
 * untouched rows means: plain SGD leaves them unchanged (bar weight decay); momentum and Adam keep applying their
 * decaying moments, exactly as PyTorch does for an embedding with a dense gradient.
 *
 * <p>The optional padding index has a zero row that never receives gradient. Initialised N(0, 1) like
 * {@code torch.nn.Embedding}.
 */
public final class Embedding implements Trainable {
    private final int vocab;
    private final int dim;
    private final int paddingIndex;
    private final Parameter table;

    /**
     * @param paddingIndex id whose row is zero and frozen, or −1 for none
     * @param seed seed of the initialisation
     */
    public Embedding(String name, int vocabularySize, int dim, int paddingIndex, long seed) {
        if (vocabularySize <= 0 || dim <= 0) {
            throw new IllegalArgumentException(
                    "Embedding: sizes must be positive, got vocabulary " + vocabularySize + ", dim " + dim);
        }
        if (paddingIndex < -1 || paddingIndex >= vocabularySize) {
            throw new IllegalArgumentException(
                    "Embedding: paddingIndex " + paddingIndex + " outside [-1, " + vocabularySize + ")");
        }
        this.vocab = vocabularySize;
        this.dim = dim;
        this.paddingIndex = paddingIndex;
        this.table = Parameter.sparseRows(name + ".table", Tensor.zeros(vocabularySize, dim));
        Initializers.normal(table.value(), 1f, new SplittableRandom(seed));
        if (paddingIndex >= 0) {
            table.value().row(paddingIndex).zero();
        }
    }

    public int vocabularySize() {
        return vocab;
    }

    public int dim() {
        return dim;
    }

    /** The table {@code E: [vocabularySize, dim]}. */
    public Parameter table() {
        return table;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    /** {@code out[i] = E[ids[i]]} for {@code i < n}. {@code out: [n, dim]}, {@code ids.length ≥ n}. */
    public void forward(int[] ids, Tensor out) {
        int n = check("forward", ids, out);
        Tensor e = table.value();
        for (int i = 0; i < n; i++) {
            out.buffer().put(out.offset() + i * dim, e.buffer(), e.offset() + ids[i] * dim, dim);
        }
    }

    /** {@code dE[ids[i]] += dOut[i]} (padding index excluded). {@code dOut: [n, dim]}. */
    public void backward(int[] ids, Tensor dOut) {
        int n = check("backward", ids, dOut);
        Tensor g = table.grad();
        FloatBuffer gb = g.buffer();
        FloatBuffer db = dOut.buffer();
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            if (id == paddingIndex) {
                continue;
            }
            table.markRowTouched(id);
            int gBase = g.offset() + id * dim;
            int dBase = dOut.offset() + i * dim;
            for (int j = 0; j < dim; j++) {
                gb.put(gBase + j, gb.get(gBase + j) + db.get(dBase + j));
            }
        }
    }

    private int check(String where, int[] ids, Tensor t) {
        int n = t.rowCount();
        if (t.colCount() != dim || ids.length < n) {
            throw new IllegalArgumentException(
                    "Embedding." + where + ": tensor is " + java.util.Arrays.toString(t.shape()) + " but dim is " + dim
                            + " and " + ids.length + " ids were given");
        }
        for (int i = 0; i < n; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IndexOutOfBoundsException(
                        "Embedding." + where + ": id " + ids[i] + " at position " + i + " outside [0, " + vocab + ")");
            }
        }
        return n;
    }
}
