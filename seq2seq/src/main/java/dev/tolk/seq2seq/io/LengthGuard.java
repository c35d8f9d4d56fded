package dev.tolk.seq2seq.io;

import dev.tolk.seq2seq.config.OverlongPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps inputs within the model's token limit: an over-long input is split into near-equal chunks (translated
 * separately and joined by the caller) or truncated, with a one-line warning (the caller adds where).
 */
public final class LengthGuard {
    private final int maxTokens;
    private final OverlongPolicy policy;

    /**
     * @param maxTokens the limit, &ge; 1 (usually {@code decode.max_input_tokens})
     * @param policy chunk or truncate (usually {@code decode.overlong})
     */
    public LengthGuard(int maxTokens, OverlongPolicy policy) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy is required");
        }
        this.maxTokens = maxTokens;
        this.policy = policy;
    }

    /**
     * @param tokens the input's tokens
     * @param warning receives one message when the input is over-long
     * @return the pieces to translate, in order: one piece (the input itself, or its truncation) or several chunks
     *     of at most {@code maxTokens} tokens whose sizes differ by at most one
     */
    public List<List<String>> apply(List<String> tokens, Consumer<String> warning) {
        int n = tokens.size();
        if (n <= maxTokens) {
            return List.of(tokens);
        }
        if (policy == OverlongPolicy.TRUNCATE) {
            warning.accept(n + " tokens exceed the limit of " + maxTokens + "; truncated to the first " + maxTokens
                    + " (raise decode.max_input_tokens or set decode.overlong=chunk to keep all)");
            return List.of(List.copyOf(tokens.subList(0, maxTokens)));
        }
        int chunks = (n + maxTokens - 1) / maxTokens;
        warning.accept(n + " tokens exceed the limit of " + maxTokens + "; translating in " + chunks
                + " chunks (raise decode.max_input_tokens to translate it whole)");
        List<List<String>> out = new ArrayList<>(chunks);
        int start = 0;
        for (int i = 0; i < chunks; i++) {
            int size = n / chunks + (i < n % chunks ? 1 : 0);
            out.add(List.copyOf(tokens.subList(start, start + size)));
            start += size;
        }
        return out;
    }
}
