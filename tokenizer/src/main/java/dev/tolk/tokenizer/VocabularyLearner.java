package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Learns what a model reads from a corpus: the {@link TextPipeline} — with byte-pair-encoding merges learned from
 * the normalised texts when asked ({@link #learnBpe}) — and the {@link Vocabulary} of the pipeline's pieces over the
 * same texts ({@link VocabularyBuilder}: {@code minFrequency}, {@code maxSize}). The one implementation of "BPE,
 * then a vocabulary", used by {@code tolk vocab} and by training.
 *
 * @param minFrequency minimum count of a kept symbol, at least 1
 * @param maxSize maximum vocabulary size, the 4 specials included
 */
public record VocabularyLearner(int minFrequency, int maxSize) {

    /**
     * What was learned.
     *
     * @param pipeline the preprocessing that makes the symbols
     * @param vocabulary the symbols' ids
     * @param bpe the learned merges, or null when none were learned
     * @param documents texts read
     * @param distinctSymbols distinct symbols seen (before the frequency and size cut)
     */
    public record Learned(
            TextPipeline pipeline, Vocabulary vocabulary, BpeModel bpe, long documents, int distinctSymbols) {}

    /** Validates the limits as {@link VocabularyBuilder} does. */
    public VocabularyLearner {
        new VocabularyBuilder(minFrequency, maxSize);
    }

    /** The vocabulary of {@code pipeline}'s pieces over {@code texts}, read once. */
    public Learned learn(TextPipeline pipeline, Iterable<String> texts) {
        return vocabulary(Objects.requireNonNull(pipeline, "pipeline"), texts, null);
    }

    /** A counter of {@code pipeline}'s pieces, for texts that arrive one at a time (a stream). */
    public Counter counter(TextPipeline pipeline) {
        return new Counter(Objects.requireNonNull(pipeline, "pipeline"), null);
    }

    /**
     * Learns BPE merges (target vocabulary size {@code bpeSize}) from the {@code normalizer}'s output of
     * {@code texts}, then the vocabulary of the BPE pieces over the same texts.
     */
    public Learned learnBpe(Normalizer normalizer, int bpeSize, List<String> texts) {
        List<String> normalised = new ArrayList<>(texts.size());
        for (String t : texts) {
            normalised.add(normalizer.normalize(t));
        }
        BpeModel bpe = new BpeLearner(bpeSize).learn(normalised);
        return vocabulary(TextPipeline.bpe(normalizer, bpe), texts, bpe);
    }

    private Learned vocabulary(TextPipeline pipeline, Iterable<String> texts, BpeModel bpe) {
        Counter c = new Counter(pipeline, bpe);
        texts.forEach(c::add);
        return c.learned();
    }

    /** Counts the pieces of texts given one at a time; not thread-safe. */
    public final class Counter {
        private final TextPipeline pipeline;
        private final BpeModel bpe;
        private final VocabularyBuilder builder = new VocabularyBuilder(minFrequency, maxSize);
        private long documents;

        private Counter(TextPipeline pipeline, BpeModel bpe) {
            this.pipeline = pipeline;
            this.bpe = bpe;
        }

        /** Counts the pieces of one text. */
        public void add(String text) {
            builder.addAll(pipeline.pieces(text));
            documents++;
        }

        /** The vocabulary of the texts counted so far. */
        public Learned learned() {
            return new Learned(pipeline, builder.build(), bpe, documents, builder.distinctTokens());
        }
    }
}
