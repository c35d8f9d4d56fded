package dev.tolk.eval;

/**
 * Per-token perplexity from a summed negative log-likelihood: {@code exp(nll / tokens)}.
 *
 * <p>{@code nll} is in nats (natural logarithm), summed over all predicted tokens. Tolk counts the end-of-sentence
 * token {@code </s>} as a predicted token in both the sum and {@code tokens}, because the decoder predicts it
 * (and must, to stop); the start symbol {@code <s>} is never predicted and never counted, nor is padding. Other
 * toolkits that exclude {@code </s>} report higher perplexities on the same model. Values overflow to infinity
 * when {@code nll / tokens} exceeds about 709.
 *
 * @param nll summed negative log-likelihood in nats, finite and ≥ 0
 * @param tokens number of predicted tokens (including {@code </s>}), ≥ 1
 */
public record Perplexity(double nll, long tokens) {

    /** Validates the sum and the count. */
    public Perplexity {
        if (!(nll >= 0) || Double.isInfinite(nll)) {
            throw new IllegalArgumentException("Perplexity: summed negative log-likelihood must be finite and >= 0 "
                    + "(natural log, summed over tokens), got " + nll);
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("Perplexity: token count must be >= 1, got " + tokens);
        }
    }

    /** The perplexity of {@code tokens} predictions whose negative log-likelihoods (nats) sum to {@code nll}. */
    public static Perplexity of(double nll, long tokens) {
        return new Perplexity(nll, tokens);
    }

    /** {@code exp(nll / tokens)}. */
    public double value() {
        return Math.exp(nllPerToken());
    }

    /** Mean negative log-likelihood per token in nats (the cross-entropy). */
    public double nllPerToken() {
        return nll / tokens;
    }

    /** Mean negative log-likelihood per token in bits: {@code log2} of the perplexity. */
    public double bitsPerToken() {
        return nllPerToken() / Math.log(2);
    }

    /** The perplexity of both sets of predictions together (sums and counts added). */
    public Perplexity plus(Perplexity other) {
        return new Perplexity(nll + other.nll, Math.addExact(tokens, other.tokens));
    }
}
