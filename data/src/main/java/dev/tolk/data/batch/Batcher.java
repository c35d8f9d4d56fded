package dev.tolk.data.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Groups encoded pairs into padded {@link Batch}es under a token budget, with length bucketing and seeded
 * shuffling, deterministically: the batches of epoch {@code e} depend only on the data, the
 * {@link BatcherConfig} and {@code e}.
 *
 * <p>Per epoch: the pair indices are shuffled (if {@link BatcherConfig#shuffle()}) with a {@link Random}
 * seeded from the seed and the epoch; cut into windows of {@link BatcherConfig#bucketWindow()} pairs; each
 * window is sorted by (source length, target length), stably; the sequence is cut greedily into batches whose padded
 * cost {@code B * (Ts + Tt)} stays within {@link BatcherConfig#maxTokens()} and whose size stays within
 * {@link BatcherConfig#maxSentences()}; finally the batch order is shuffled (if shuffling). Every pair is in
 * exactly one batch per epoch.
 *
 * <pre>{@code
 * Batcher batcher = new Batcher(examples, BatcherConfig.builder().maxTokens(2048).seed(7).build());
 * EpochCursor c = saved == null ? batcher.epoch(0) : batcher.resume(saved);
 * while (c.hasNext()) { Batch b = c.next(); ...; checkpoint(c.position()); }
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class Batcher {
    private final List<EncodedPair> examples;
    private final BatcherConfig config;
    private final long fingerprint;

    /**
     * @param examples the pairs; each must fit in a batch alone
     * @throws IllegalArgumentException if a pair's cost exceeds {@link BatcherConfig#maxTokens()}
     */
    public Batcher(List<EncodedPair> examples, BatcherConfig config) {
        this.examples = List.copyOf(examples);
        this.config = Objects.requireNonNull(config, "config");
        long h = 0xcbf29ce484222325L;
        h = mix(h, config.maxTokens());
        h = mix(h, config.maxSentences());
        h = mix(h, config.bucketWindow());
        h = mix(h, config.shuffle() ? 1 : 0);
        h = mix(h, config.seed());
        h = mix(h, this.examples.size());
        for (int i = 0; i < this.examples.size(); i++) {
            EncodedPair p = this.examples.get(i);
            int cost = p.sourceLength() + p.targetLength();
            if (cost > config.maxTokens()) {
                throw new IllegalArgumentException("example " + i + " needs " + cost + " tokens (source "
                        + p.sourceLength() + " + target " + p.targetLength() + ") but maxTokens is "
                        + config.maxTokens()
                        + "; raise maxTokens or drop long pairs (PairFilter.maxTokens)");
            }
            h = mix(h, p.sourceLength());
            h = mix(h, p.targetLength());
        }
        this.fingerprint = h;
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    /** The number of pairs. */
    public int size() {
        return examples.size();
    }

    /** The config. */
    public BatcherConfig config() {
        return config;
    }

    /** The batches of {@code epoch} from the start. */
    public EpochCursor epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return new EpochCursor(this, epoch, plan(epoch), 0);
    }

    /**
     * The batches from a saved position: the first one delivered is the one that would have followed when the
     * position was saved. A position at the end of an epoch gives an empty cursor; continue with
     * {@code epoch(position.epoch() + 1)}.
     *
     * @throws IllegalArgumentException if the position was saved for other data, another config or seed
     */
    public EpochCursor resume(BatchPosition position) {
        if (position.seed() != config.seed()) {
            throw new IllegalArgumentException("the position was saved with seed " + position.seed()
                    + " but this batcher's seed is " + config.seed());
        }
        if (position.fingerprint() != fingerprint) {
            throw new IllegalArgumentException("the position was saved for other data or another batching config"
                    + " (fingerprint " + Long.toHexString(position.fingerprint()) + ", here "
                    + Long.toHexString(fingerprint) + "); resume with the same corpus, vocabulary and batch settings");
        }
        List<int[]> plan = plan(position.epoch());
        if (position.batch() > plan.size()) {
            throw new IllegalArgumentException("epoch " + position.epoch() + " has " + plan.size()
                    + " batches, the position is at batch " + position.batch());
        }
        return new EpochCursor(this, position.epoch(), plan, position.batch());
    }

    /** The position at the start of {@code epoch}. */
    public BatchPosition start(int epoch) {
        return positionOf(epoch, 0);
    }

    BatchPosition positionOf(int epoch, int batch) {
        return new BatchPosition(epoch, batch, config.seed(), fingerprint);
    }

    /** The example indices of each batch of {@code epoch}, in delivery order. */
    public List<int[]> plan(int epoch) {
        int n = examples.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(config.seed() * 0x9E3779B97F4A7C15L + epoch);
        if (config.shuffle()) {
            shuffle(order, rng);
        }
        int window = config.bucketWindow();
        if (window > 1) {
            for (int from = 0; from < n; from += window) {
                int to = (int) Math.min((long) from + window, n);
                Arrays.sort(order, from, to, (a, b) -> {
                    EncodedPair pa = examples.get(a);
                    EncodedPair pb = examples.get(b);
                    int c = Integer.compare(pa.sourceLength(), pb.sourceLength());
                    return c != 0 ? c : Integer.compare(pa.targetLength(), pb.targetLength());
                });
            }
        }
        List<int[]> batches = new ArrayList<>();
        cut(order, batches);
        if (config.shuffle()) {
            Collections.shuffle(batches, rng);
        }
        return Collections.unmodifiableList(batches);
    }

    private static void shuffle(Integer[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private void cut(Integer[] order, List<int[]> out) {
        int start = 0;
        int maxS = 0;
        int maxT = 0;
        for (int i = 0; i < order.length; i++) {
            EncodedPair p = examples.get(order[i]);
            int s = Math.max(maxS, p.sourceLength());
            int t = Math.max(maxT, p.targetLength());
            int b = i - start + 1;
            if (b > 1 && ((long) b * (s + t) > config.maxTokens() || b > config.maxSentences())) {
                out.add(indices(order, start, i));
                start = i;
                s = p.sourceLength();
                t = p.targetLength();
            }
            maxS = s;
            maxT = t;
        }
        if (start < order.length) {
            out.add(indices(order, start, order.length));
        }
    }

    private static int[] indices(Integer[] w, int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = w[i];
        }
        return r;
    }

    /** The padded batch of the given example indices. */
    Batch batch(int[] indices) {
        return new Batch(examples, indices, config.padId());
    }
}
