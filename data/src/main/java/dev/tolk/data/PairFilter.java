package dev.tolk.data;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Limits on accepted pairs beyond well-formedness: the maximum tokens of either side, the maximum ratio of the
 * longer side's token count to the shorter's, and whether exact duplicates are dropped. Pairs outside the
 * limits are bad rows ({@link BadRowReason#TOO_LONG}, {@link BadRowReason#LENGTH_RATIO},
 * {@link BadRowReason#DUPLICATE}) handled by the {@link BadRowPolicy}. Immutable.
 *
 * @param maxTokens the maximum token count of each side ({@link Integer#MAX_VALUE}: no limit)
 * @param maxLengthRatio the maximum of {@code max(s, t) / min(s, t)} over the token counts
 *     ({@link Double#POSITIVE_INFINITY}: no limit)
 * @param dropDuplicates whether a pair equal (source and target) to an earlier one is dropped; costs memory
 *     proportional to the distinct pairs read
 * @param tokenCounter counts the tokens of one side (default {@link WhitespaceTokenCounter})
 */
public record PairFilter(
        int maxTokens, double maxLengthRatio, boolean dropDuplicates, ToIntFunction<String> tokenCounter) {

    /** No limits: only malformed rows and empty sides are rejected. */
    public static final PairFilter NONE =
            new PairFilter(Integer.MAX_VALUE, Double.POSITIVE_INFINITY, false, WhitespaceTokenCounter.INSTANCE);

    /** Validates the limits. */
    public PairFilter {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        }
        if (!(maxLengthRatio >= 1.0)) {
            throw new IllegalArgumentException("maxLengthRatio must be >= 1 (or infinite), got " + maxLengthRatio);
        }
        Objects.requireNonNull(tokenCounter, "tokenCounter");
    }

    /** A builder starting from {@link #NONE}. */
    public static Builder builder() {
        return new Builder(NONE);
    }

    /** A builder starting from this filter. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether the filter needs token counts at all. */
    boolean countsTokens() {
        return maxTokens != Integer.MAX_VALUE || maxLengthRatio != Double.POSITIVE_INFINITY;
    }

    /** Builder of {@link PairFilter}; validation happens in {@link #build()}. */
    public static final class Builder {
        private int maxTokens;
        private double maxLengthRatio;
        private boolean dropDuplicates;
        private ToIntFunction<String> tokenCounter;

        private Builder(PairFilter from) {
            maxTokens = from.maxTokens;
            maxLengthRatio = from.maxLengthRatio;
            dropDuplicates = from.dropDuplicates;
            tokenCounter = from.tokenCounter;
        }

        /** The maximum token count of each side. */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** The maximum ratio between the longer and the shorter side's token counts (Moses uses 9). */
        public Builder maxLengthRatio(double maxLengthRatio) {
            this.maxLengthRatio = maxLengthRatio;
            return this;
        }

        /** Whether exact duplicate pairs are dropped. */
        public Builder dropDuplicates(boolean dropDuplicates) {
            this.dropDuplicates = dropDuplicates;
            return this;
        }

        /** How tokens are counted, e.g. a tokenizer's {@code text -> tokenize(text).size()}. */
        public Builder tokenCounter(ToIntFunction<String> tokenCounter) {
            this.tokenCounter = tokenCounter;
            return this;
        }

        /** The filter; throws {@link IllegalArgumentException} on an invalid limit. */
        public PairFilter build() {
            return new PairFilter(maxTokens, maxLengthRatio, dropDuplicates, tokenCounter);
        }
    }
}
