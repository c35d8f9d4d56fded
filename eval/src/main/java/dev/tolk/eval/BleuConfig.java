package dev.tolk.eval;

import java.util.Objects;

/**
 * How BLEU is computed; the fields and defaults are sacreBLEU 2.6.0's.
 *
 * @param tokenize the tokenizer (default {@link Tokenization#T13A})
 * @param lowercase lowercase hypotheses and references first (Python's {@code str.lower()})
 * @param smoothing the smoothing method (default {@link Smoothing#EXP})
 * @param smoothValue the value for {@code floor} / {@code add-k} (defaults 0.1 / 1); NaN for {@code exp} and
 *     {@code none}, which take none
 * @param effectiveOrder stop at the highest order for which the hypothesis has n-grams, instead of letting a
 *     missing order zero the score; sacreBLEU's default is off for corpus BLEU ({@link #corpusDefaults()}) and
 *     on for sentence BLEU ({@link #sentenceDefaults()})
 * @param maxNgramOrder the highest n-gram order (default 4), at least 1
 */
public record BleuConfig(
        Tokenization tokenize,
        boolean lowercase,
        Smoothing smoothing,
        double smoothValue,
        boolean effectiveOrder,
        int maxNgramOrder) {

    /** sacreBLEU's default maximum n-gram order. */
    public static final int DEFAULT_MAX_NGRAM_ORDER = 4;

    /** Validates every field. */
    public BleuConfig {
        Objects.requireNonNull(tokenize, "BleuConfig.tokenize");
        Objects.requireNonNull(smoothing, "BleuConfig.smoothing");
        if (smoothing.takesValue()) {
            if (!(smoothValue >= 0) || Double.isInfinite(smoothValue)) {
                throw new IllegalArgumentException("BleuConfig: smoothing value for " + smoothing.id()
                        + " must be a finite number >= 0, got " + smoothValue);
            }
        } else if (!Double.isNaN(smoothValue)) {
            throw new IllegalArgumentException("BleuConfig: smoothing " + smoothing.id() + " takes no value, got "
                    + smoothValue + "; a value applies only to floor and add-k");
        }
        if (maxNgramOrder < 1) {
            throw new IllegalArgumentException("BleuConfig: maxNgramOrder must be >= 1, got " + maxNgramOrder);
        }
    }

    /** sacreBLEU's {@code BLEU()} defaults: 13a, mixed case, exp smoothing, no effective order, order 4. */
    public static BleuConfig corpusDefaults() {
        return builder().build();
    }

    /** sacreBLEU's {@code sentence_bleu()} / {@code -sl} defaults: as {@link #corpusDefaults()} with effective order. */
    public static BleuConfig sentenceDefaults() {
        return builder().effectiveOrder(true).build();
    }

    /** A builder starting from {@link #corpusDefaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tokenize = tokenize;
        b.lowercase = lowercase;
        b.smoothing = smoothing;
        b.smoothValue = smoothValue;
        b.effectiveOrder = effectiveOrder;
        b.maxNgramOrder = maxNgramOrder;
        return b;
    }

    /** Builder for {@link BleuConfig}; {@link #build()} validates. */
    public static final class Builder {
        private Tokenization tokenize = Tokenization.T13A;
        private boolean lowercase;
        private Smoothing smoothing = Smoothing.EXP;
        private double smoothValue = Double.NaN;
        private boolean effectiveOrder;
        private int maxNgramOrder = DEFAULT_MAX_NGRAM_ORDER;

        private Builder() {}

        /** The tokenizer. */
        public Builder tokenize(Tokenization t) {
            this.tokenize = t;
            return this;
        }

        /** Lowercase before tokenizing. */
        public Builder lowercase(boolean b) {
            this.lowercase = b;
            return this;
        }

        /** The smoothing method with its default value (0.1 for floor, 1 for add-k). */
        public Builder smoothing(Smoothing s) {
            this.smoothing = Objects.requireNonNull(s, "smoothing");
            this.smoothValue = s.defaultValue();
            return this;
        }

        /** The smoothing method with an explicit value (floor and add-k only). */
        public Builder smoothing(Smoothing s, double value) {
            this.smoothing = Objects.requireNonNull(s, "smoothing");
            this.smoothValue = value;
            return this;
        }

        /** Effective order on or off. */
        public Builder effectiveOrder(boolean b) {
            this.effectiveOrder = b;
            return this;
        }

        /** The highest n-gram order. */
        public Builder maxNgramOrder(int n) {
            this.maxNgramOrder = n;
            return this;
        }

        /** The validated configuration. */
        public BleuConfig build() {
            return new BleuConfig(tokenize, lowercase, smoothing, smoothValue, effectiveOrder, maxNgramOrder);
        }
    }
}
