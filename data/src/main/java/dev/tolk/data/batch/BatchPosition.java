package dev.tolk.data.batch;

/**
 * A place in the batch sequence of a {@link Batcher}: save it with a checkpoint and pass it to
 * {@link Batcher#resume(BatchPosition)} to continue with exactly the batch that would have come next.
 * The batches of an epoch are a pure function of the seed, the epoch number and the data, so this is all the
 * random state there is.
 *
 * @param epoch the epoch number, from 0
 * @param batch the index within the epoch of the next batch to deliver (equal to the epoch's batch count when
 *     the epoch is finished)
 * @param seed the shuffling seed
 * @param fingerprint identifies the data (lengths) and the config, so that a position is never applied to
 *     different data
 */
public record BatchPosition(int epoch, int batch, long seed, long fingerprint) {

    /** Validates the numbers. */
    public BatchPosition {
        if (epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("epoch and batch must be >= 0, got " + epoch + ", " + batch);
        }
    }
}
