package dev.tolk.seq2seq.model;

import dev.tolk.data.batch.Batch;

/**
 * The ids a {@link Seq2SeqModel} reads for one batch of {@code B} pairs, time-major: {@code source: [S, B]} and
 * {@code target: [T, B]} flat row-major (step {@code t} of every sentence is {@code [t·B, t·B + B)}), padded with
 * {@code <pad>} = 0, plus the lengths. The target is the reference followed by {@code </s>}; the decoder's inputs
 * ({@code <s>} then the target shifted right) are derived from it.
 *
 * @param source source ids {@code [S·B]}
 * @param sourceSteps S
 * @param sourceLengths per sentence, in [1, S]
 * @param target target ids {@code [T·B]}
 * @param targetSteps T
 * @param size B
 */
public record TokenBatch(int[] source, int sourceSteps, int[] sourceLengths, int[] target, int targetSteps, int size) {

    /** Checks the sizes. */
    public TokenBatch {
        if (size < 1
                || source.length != sourceSteps * size
                || target.length != targetSteps * size
                || sourceLengths.length != size) {
            throw new IllegalArgumentException("TokenBatch: source " + source.length + " ids for [" + sourceSteps + ", "
                    + size + "], target " + target.length + " for [" + targetSteps + ", " + size + "], "
                    + sourceLengths.length
                    + " lengths");
        }
        for (int l : sourceLengths) {
            if (l < 1 || l > sourceSteps) {
                throw new IllegalArgumentException(
                        "TokenBatch: source length " + l + " outside [1, " + sourceSteps + "]");
            }
        }
    }

    /** The ids of a {@link Batch} from the data module (already time-major). */
    public static TokenBatch of(Batch b) {
        return new TokenBatch(
                b.sourceIds(), b.sourceSteps(), b.sourceLengths(), b.targetIds(), b.targetSteps(), b.size());
    }

    /** Source plus target tokens without padding. */
    public int tokens() {
        int n = 0;
        for (int l : sourceLengths) {
            n += l;
        }
        for (int id : target) {
            if (id != 0) {
                n++;
            }
        }
        return n;
    }
}
