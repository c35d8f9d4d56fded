package dev.tolk.seq2seq.lm;

/**
 * A character stream cut into B parallel columns, time-major, so that one update processes B independent parts
 * of the text at once (as in Zaremba et al. 2014's {@code batchify}).
 *
 * <p>With P = n − 1 predictions and {@code L = ⌊P / B⌋}, column b reads characters {@code c_{bL} … c_{bL+L−1}} and
 * predicts {@code c_{bL+1} … c_{bL+L}}; position {@code (t, b)} is {@code inputs[t·B + b]} and
 * {@code targets[t·B + b]}, i.e. step t of all columns is the contiguous row {@code [t·B, t·B + B)}. The
 * {@code P − B·L < B} remaining predictions form the {@linkplain #tailInputs() tail}, which continues exactly where
 * column B − 1 ends: an evaluation that carries column B − 1's state into the tail scores every character.
 * Training skips the tail.
 *
 * @param batch B
 * @param length L, steps per column
 * @param inputs {@code [L·B]}, time-major
 * @param targets {@code [L·B]}, time-major
 * @param tailInputs the remaining predictions' inputs, in stream order
 * @param tailTargets the remaining predictions' targets
 */
public record StreamColumns(int batch, int length, int[] inputs, int[] targets, int[] tailInputs, int[] tailTargets) {

    /**
     * @param ids the stream
     * @param batch requested B ≥ 1; reduced to P when P &lt; B
     * @return the columns
     * @throws IllegalArgumentException when the stream holds fewer than 2 characters
     */
    public static StreamColumns of(int[] ids, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        int p = ids.length - 1;
        if (p < 1) {
            throw new IllegalArgumentException("a stream of " + ids.length
                    + " character(s) holds no prediction; at least 2 characters are needed");
        }
        int b = Math.min(batch, p);
        int l = p / b;
        int[] in = new int[l * b];
        int[] out = new int[l * b];
        for (int col = 0; col < b; col++) {
            int base = col * l;
            for (int t = 0; t < l; t++) {
                in[t * b + col] = ids[base + t];
                out[t * b + col] = ids[base + t + 1];
            }
        }
        int rest = p - b * l;
        int[] tailIn = new int[rest];
        int[] tailOut = new int[rest];
        for (int i = 0; i < rest; i++) {
            tailIn[i] = ids[b * l + i];
            tailOut[i] = ids[b * l + i + 1];
        }
        return new StreamColumns(b, l, in, out, tailIn, tailOut);
    }

    /** @return the number of training segments of at most {@code bptt} steps: {@code ⌈L / bptt⌉} */
    public int segments(int bptt) {
        return (length + bptt - 1) / bptt;
    }
}
