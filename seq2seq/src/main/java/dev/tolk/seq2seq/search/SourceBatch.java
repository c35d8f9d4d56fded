package dev.tolk.seq2seq.search;

import dev.tolk.tokenizer.Vocabulary;
import java.util.List;

/**
 * Encoded source sentences as the model reads them: time-major {@code [S, B]} ids padded with {@code <pad>}, and
 * the lengths (each sentence's ids end with {@code </s>}).
 *
 * @param ids time-major flat ids
 * @param steps S, the longest length
 * @param lengths per sentence
 */
public record SourceBatch(int[] ids, int steps, int[] lengths) {

    /** Pads and transposes {@code sources} (each non-empty). */
    public static SourceBatch of(List<int[]> sources) {
        int b = sources.size();
        int s = 0;
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = sources.get(i).length;
            if (lengths[i] == 0) {
                throw new IllegalArgumentException("SourceBatch: source " + i + " is empty; it needs at least </s>");
            }
            s = Math.max(s, lengths[i]);
        }
        int[] ids = new int[s * b];
        java.util.Arrays.fill(ids, Vocabulary.PAD_ID);
        for (int i = 0; i < b; i++) {
            int[] src = sources.get(i);
            for (int t = 0; t < src.length; t++) {
                ids[t * b + i] = src[t];
            }
        }
        return new SourceBatch(ids, s, lengths);
    }

    /** B. */
    public int size() {
        return lengths.length;
    }

    /**
     * The output length limit of sentence {@code i}: {@code ⌊ratio · n⌋ + 10}, where {@code n} is its length
     * without {@code </s>}.
     */
    public int maxOutput(int i, double ratio) {
        return (int) Math.floor(ratio * (lengths[i] - 1)) + 10;
    }
}
