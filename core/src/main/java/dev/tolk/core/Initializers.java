package dev.tolk.core;

import java.util.SplittableRandom;

/**
 * Seeded weight initialisers. Every method takes the random generator explicitly; there is no hidden randomness.
 *
 * <ul>
 *   <li>Xavier/Glorot uniform (Glorot &amp; Bengio 2010, eq. 16): {@code W ~ U(−a, a)},
 *       {@code a = sqrt(6 / (fanIn + fanOut))};
 *   <li>orthogonal (Saxe et al. 2014), for recurrent weights: a Gaussian matrix orthonormalised by modified
 *       Gram–Schmidt in double precision (the QR factor Q, with the signs of R's diagonal folded in so that the
 *       distribution is uniform over orthogonal matrices).
 * </ul>
 */
public final class Initializers {
    private Initializers() {}

    /** Fills {@code w} with U(−a, a). */
    public static void uniform(Tensor w, float a, SplittableRandom rng) {
        for (int i = 0, n = w.size(); i < n; i++) {
            w.set(i, (float) ((rng.nextDouble() * 2 - 1) * a));
        }
    }

    /** Fills {@code w} with N(0, std²) (Box–Muller). */
    public static void normal(Tensor w, float std, SplittableRandom rng) {
        for (int i = 0, n = w.size(); i < n; i++) {
            w.set(i, (float) (gaussian(rng) * std));
        }
    }

    /** Xavier/Glorot uniform: U(−a, a) with a = sqrt(6 / (fanIn + fanOut)). */
    public static void xavierUniform(Tensor w, int fanIn, int fanOut, SplittableRandom rng) {
        uniform(w, (float) Math.sqrt(6.0 / (fanIn + fanOut)), rng);
    }

    /**
     * Fills {@code w: [rows, cols]} (as a matrix) with a random orthogonal matrix: orthonormal columns if
     * {@code rows ≥ cols}, otherwise orthonormal rows.
     */
    public static void orthogonal(Tensor w, SplittableRandom rng) {
        int rows = w.rowCount();
        int cols = w.colCount();
        boolean tall = rows >= cols;
        int n = tall ? rows : cols; // vector length
        int k = tall ? cols : rows; // number of vectors
        double[][] q = new double[k][n];
        for (int v = 0; v < k; v++) {
            for (int i = 0; i < n; i++) {
                q[v][i] = gaussian(rng);
            }
        }
        for (int v = 0; v < k; v++) {
            for (int u = 0; u < v; u++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[u][i] * q[v][i];
                }
                for (int i = 0; i < n; i++) {
                    q[v][i] -= dot * q[u][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[v][i] * q[v][i];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-12) {
                throw new IllegalStateException("Initializers.orthogonal: degenerate random matrix");
            }
            for (int i = 0; i < n; i++) {
                q[v][i] /= norm;
            }
        }
        for (int v = 0; v < k; v++) {
            for (int i = 0; i < n; i++) {
                if (tall) {
                    w.set(i, v, (float) q[v][i]);
                } else {
                    w.set(v, i, (float) q[v][i]);
                }
            }
        }
    }

    /**
     * Orthogonal initialisation of a stacked recurrent matrix {@code w: [blocks·H, H]}: each {@code [H, H]} gate
     * block is independently orthogonal.
     */
    public static void orthogonalBlocks(Tensor w, int blocks, SplittableRandom rng) {
        int h = w.rowCount() / blocks;
        if (h * blocks != w.rowCount()) {
            throw new IllegalArgumentException(
                    "Initializers.orthogonalBlocks: " + w.rowCount() + " rows are not " + blocks + " blocks");
        }
        for (int g = 0; g < blocks; g++) {
            orthogonal(w.rows(g * h, h), rng);
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
