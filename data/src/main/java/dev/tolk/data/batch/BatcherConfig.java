package dev.tolk.data.batch;

/**
 * How {@link Batcher} forms batches. Immutable; validated at construction.
 *
 * <p>The cost of a batch of {@code B} pairs is its padded size {@code B * (Ts + Tt)}, where {@code Ts} and
 * {@code Tt} are the longest source and target in the batch: the number of cells of the two padded id
 * matrices, padding included.
 *
 * @param maxTokens the maximum cost of a batch, padding included
 * @param maxSentences the maximum number of pairs in a batch ({@link Integer#MAX_VALUE}: no limit)
 * @param bucketWindow how many consecutive (shuffled) pairs are sorted by length before being cut into
 *     batches: larger windows waste less padding but make batches less random; 1 disables bucketing
 * @param shuffle whether pairs and batches are shuffled each epoch (training) or kept in order (evaluation:
 *     then batches follow the window order, and each window is sorted by length)
 * @param seed the seed of all shuffling
 * @param padId the id written into padding cells
 */
public record BatcherConfig(int maxTokens, int maxSentences, int bucketWindow, boolean shuffle, long seed, int padId) {

    /** Validates the values. */
    public BatcherConfig {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be >= 2, got " + maxTokens);
        }
        if (maxSentences < 1) {
            throw new IllegalArgumentException("maxSentences must be >= 1, got " + maxSentences);
        }
        if (bucketWindow < 1) {
            throw new IllegalArgumentException("bucketWindow must be >= 1, got " + bucketWindow);
        }
        if (padId < 0) {
            throw new IllegalArgumentException("padId must be >= 0, got " + padId);
        }
    }

    /** A builder with the training defaults: 4096 tokens, no sentence limit, window 2048, shuffled, seed 1, pad 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link BatcherConfig}. */
    public static final class Builder {
        private int maxTokens = 4096;
        private int maxSentences = Integer.MAX_VALUE;
        private int bucketWindow = 2048;
        private boolean shuffle = true;
        private long seed = 1;
        private int padId;

        private Builder() {}

        /** The maximum padded cost of a batch. */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** The maximum number of pairs in a batch. */
        public Builder maxSentences(int maxSentences) {
            this.maxSentences = maxSentences;
            return this;
        }

        /** The number of pairs sorted together by length. */
        public Builder bucketWindow(int bucketWindow) {
            this.bucketWindow = bucketWindow;
            return this;
        }

        /** Whether to shuffle (training) or not (evaluation). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The shuffling seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The padding id (default 0). */
        public Builder padId(int padId) {
            this.padId = padId;
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} on an invalid value. */
        public BatcherConfig build() {
            return new BatcherConfig(maxTokens, maxSentences, bucketWindow, shuffle, seed, padId);
        }
    }
}
