package dev.tolk.seq2seq.lm;

/**
 * A text as one long stream of character ids {@code c_0 … c_{n−1}}. A language model predicts every character from
 * the ones before it, so a stream of n characters holds n − 1 predictions: {@code c_{i+1}} from {@code c_{≤i}}; the
 * first character is context only.
 *
 * @param ids the character ids (not copied; do not modify)
 */
public record CharStream(int[] ids) {

    /** Validates presence. */
    public CharStream {
        if (ids == null) {
            throw new IllegalArgumentException("ids are required");
        }
    }

    /** @return n, the number of characters */
    public int length() {
        return ids.length;
    }

    /** @return n − 1, the number of predicted characters (0 for an empty or one-character stream) */
    public int predictions() {
        return Math.max(0, ids.length - 1);
    }

    /**
     * Splits off the tail for validation.
     *
     * @param fraction share of the characters for the tail, in [0, 1)
     * @return {training head, validation tail}; the tail is empty when {@code fraction} is 0
     */
    public CharStream[] splitTail(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
        }
        int tail = (int) Math.round(ids.length * fraction);
        int head = ids.length - tail;
        return new CharStream[] {
            new CharStream(java.util.Arrays.copyOfRange(ids, 0, head)),
            new CharStream(java.util.Arrays.copyOfRange(ids, head, ids.length))
        };
    }

    /**
     * Cuts the stream into {@code batch} columns ({@link StreamColumns}).
     *
     * @param batch B ≥ 1; reduced to the number of predictions when the stream is shorter
     * @return the columns
     * @throws IllegalArgumentException when the stream holds no prediction (fewer than 2 characters)
     */
    public StreamColumns columns(int batch) {
        return StreamColumns.of(ids, batch);
    }
}
