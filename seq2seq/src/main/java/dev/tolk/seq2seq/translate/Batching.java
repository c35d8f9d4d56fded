package dev.tolk.seq2seq.translate;

/**
 * How a {@link Translator} groups the records of an input. At fp32 and bf16, results do not depend on the batch size
 * except in the last digits of the scores (rounding changes with the batch composition); at int8 a translation can
 * change with its batch (an int8 product's activation scale is the batch's largest value). Identical inputs within
 * one block get identical results.
 *
 * @param batchSize sentences decoded together, &ge; 1 (sorted by length within a block)
 * @param blockSize records read before translating, &ge; 1: the unit of sorting and of sharing the translation of
 *     identical inputs
 * @param streaming translate and write each record as soon as it is read, alone (for pipes and terminals: no
 *     waiting for a block to fill)
 */
public record Batching(int batchSize, int blockSize, boolean streaming) {
    /** Records read per block by default. */
    public static final int BLOCK = 4096;

    /** Files: batches of 32 sorted by length within blocks of {@value #BLOCK} records. */
    public static final Batching DEFAULT = new Batching(32, BLOCK, false);

    /** Streams: every record translated and written as soon as it is read. */
    public static final Batching STREAMING = new Batching(1, 1, true);

    /** Validates the sizes. */
    public Batching {
        if (batchSize < 1 || blockSize < 1) {
            throw new IllegalArgumentException(
                    "batch and block size must be >= 1, got " + batchSize + " and " + blockSize);
        }
    }

    /** File batching with {@code size} sentences per batch. */
    public static Batching ofBatchSize(int size) {
        return new Batching(size, BLOCK, false);
    }
}
