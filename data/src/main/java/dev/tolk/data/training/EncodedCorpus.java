package dev.tolk.data.training;

import dev.tolk.data.batch.Batch;
import dev.tolk.data.batch.Batcher;
import dev.tolk.data.batch.BatcherConfig;
import dev.tolk.data.batch.EncodedPair;
import dev.tolk.data.batch.EpochCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded sentence pairs ready for batching, with what encoding dropped.
 *
 * @param pairs the encoded pairs, in corpus order
 * @param dropped pairs left out by the length limit ({@link PairEncoder#encode})
 */
public record EncodedCorpus(List<EncodedPair> pairs, int dropped) {

    /** Copies the pairs and checks the count. */
    public EncodedCorpus {
        pairs = List.copyOf(pairs);
        if (dropped < 0) {
            throw new IllegalArgumentException("dropped must be >= 0, got " + dropped);
        }
    }

    /** @return the largest source plus target length of a pair (with {@code </s>} on both sides), 0 when empty */
    public int longest() {
        int longest = 0;
        for (EncodedPair p : pairs) {
            longest = Math.max(longest, p.sourceLength() + p.targetLength());
        }
        return longest;
    }

    /**
     * The training batcher: batches of at most {@code maxTokens} (padding included), shuffled per epoch from
     * {@code seed}.
     *
     * @throws IllegalArgumentException when a pair alone needs more than {@code maxTokens}
     */
    public Batcher shuffled(int maxTokens, long seed) {
        return new Batcher(
                pairs,
                BatcherConfig.builder()
                        .maxTokens(maxTokens)
                        .seed(seed)
                        .shuffle(true)
                        .build());
    }

    /**
     * The batches of one pass in a fixed order (validation): the budget is raised to the longest pair when that is
     * larger, so every pair fits.
     */
    public List<Batch> inOrder(int maxTokens, long seed) {
        Batcher b = new Batcher(
                pairs,
                BatcherConfig.builder()
                        .maxTokens(Math.max(longest(), maxTokens))
                        .shuffle(false)
                        .seed(seed)
                        .build());
        List<Batch> out = new ArrayList<>();
        EpochCursor c = b.epoch(0);
        while (c.hasNext()) {
            out.add(c.next());
        }
        return out;
    }
}
