package dev.tolk.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-segment sufficient statistics of a corpus metric: {@code segments()} rows of {@code width()} integers
 * whose column sums determine the corpus score (for BLEU: hypothesis length, closest reference length, matches
 * and totals per order; for chrF: hypothesis, reference and matched n-grams per order). Bootstrap resampling
 * re-sums rows instead of re-tokenizing. Immutable.
 */
public final class CorpusStatistics {
    private final long[] rows;
    private final int width;
    private final int segments;
    private final String nrefs;

    /**
     * @param rows row-major statistics, {@code segments * width} values (copied)
     * @param width values per segment
     * @param nrefs the number of references per segment for the signature: a number, or {@code var} when it
     *     varies
     */
    public CorpusStatistics(long[] rows, int width, String nrefs) {
        if (width < 1 || rows.length % width != 0) {
            throw new IllegalArgumentException(
                    "CorpusStatistics: " + rows.length + " values are not a whole number of rows of width " + width);
        }
        this.rows = rows.clone();
        this.width = width;
        this.segments = rows.length / width;
        this.nrefs = Objects.requireNonNull(nrefs, "nrefs");
    }

    /** Number of segments. */
    public int segments() {
        return segments;
    }

    /** Values per segment. */
    public int width() {
        return width;
    }

    /** References per segment for the signature ({@code "1"}, {@code "3"}, or {@code "var"}). */
    public String nrefs() {
        return nrefs;
    }

    /** The statistics of segment {@code i} (0-based), a copy. */
    public long[] segment(int i) {
        Objects.checkIndex(i, segments);
        return Arrays.copyOfRange(rows, i * width, (i + 1) * width);
    }

    /** Column sums over all segments: the corpus statistics. */
    public long[] sum() {
        long[] s = new long[width];
        for (int r = 0; r < segments; r++) {
            int base = r * width;
            for (int c = 0; c < width; c++) {
                s[c] += rows[base + c];
            }
        }
        return s;
    }

    /**
     * Column sums over the segments at {@code indices} (repetitions counted), written into {@code out} (length
     * {@code width()}): the statistics of a bootstrap resample.
     */
    public void sumOf(int[] indices, long[] out) {
        if (out.length != width) {
            throw new IllegalArgumentException("sumOf: out has length " + out.length + " but width is " + width);
        }
        Arrays.fill(out, 0);
        for (int idx : indices) {
            int base = idx * width;
            for (int c = 0; c < width; c++) {
                out[c] += rows[base + c];
            }
        }
    }
}
