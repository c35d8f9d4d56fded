package dev.tolk.data.synthetic;

import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CsvCorpusWriter;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.Syntax.Sentence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The bundled default corpus: English sentences from a fragment grammar, translated by rule into French or
 * German (see the package description). A real translation task (agreement, reordering, elision, case, verb
 * position; about 150 to 250 word types per side, 3 to 15 words per sentence) that a small attention model
 * learns in minutes, with no download and no third-party text.
 *
 * <p>Deterministic: the same settings give the same pairs on every JVM ({@link Random}, whose algorithm the
 * JDK specifies). Pairs are distinct in source and in target, so the three parts share no sentence on either
 * side. The test part is drawn first, then validation, then training, so the held-out parts do not change
 * when only the training size does. Immutable.
 *
 * <pre>{@code
 * Split<SentencePair> corpus = SyntheticCorpus.builder().language(TargetLanguage.GERMAN).seed(3).build()
 *     .generate();
 * }</pre>
 */
public final class SyntheticCorpus {
    /** Sentences outside these word counts (either side, whitespace-separated) are redrawn. */
    public static final int MIN_WORDS = 3;
    /** See {@link #MIN_WORDS}. */
    public static final int MAX_WORDS = 15;
    /** The largest total number of pairs accepted (the grammar has far more distinct sentences). */
    public static final int MAX_PAIRS = 1_000_000;

    private final TargetLanguage language;
    private final long seed;
    private final int trainPairs;
    private final int validPairs;
    private final int testPairs;

    private SyntheticCorpus(Builder b) {
        this.language = Objects.requireNonNull(b.language, "language");
        this.seed = b.seed;
        if (b.trainPairs < 1 || b.validPairs < 0 || b.testPairs < 0) {
            throw new IllegalArgumentException("need trainPairs >= 1 and validPairs, testPairs >= 0, got "
                    + b.trainPairs + ", " + b.validPairs + ", " + b.testPairs);
        }
        if ((long) b.trainPairs + b.validPairs + b.testPairs > MAX_PAIRS) {
            throw new IllegalArgumentException("at most " + MAX_PAIRS + " pairs in all, got "
                    + ((long) b.trainPairs + b.validPairs + b.testPairs));
        }
        this.trainPairs = b.trainPairs;
        this.validPairs = b.validPairs;
        this.testPairs = b.testPairs;
    }

    /** A builder with the defaults: French, seed 1, 12,000 / 500 / 500 pairs. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default corpus: French, seed 1, 12,000 / 500 / 500 pairs. */
    public static SyntheticCorpus defaults() {
        return builder().build();
    }

    /** The target language. */
    public TargetLanguage language() {
        return language;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** Training pairs. */
    public int trainPairs() {
        return trainPairs;
    }

    /** Validation pairs. */
    public int validPairs() {
        return validPairs;
    }

    /** Test pairs. */
    public int testPairs() {
        return testPairs;
    }

    /** Generates the three parts (pairs carry line 0: they do not come from a file). */
    public Split<SentencePair> generate() {
        Random rng = new Random(seed);
        SentenceSampler sampler = new SentenceSampler(rng);
        Set<String> sources = new HashSet<>();
        Set<String> targets = new HashSet<>();
        List<SentencePair> test = draw(testPairs, sampler, sources, targets);
        List<SentencePair> valid = draw(validPairs, sampler, sources, targets);
        List<SentencePair> train = draw(trainPairs, sampler, sources, targets);
        return new Split<>(train, valid, test);
    }

    private List<SentencePair> draw(int count, SentenceSampler sampler, Set<String> sources, Set<String> targets) {
        List<SentencePair> out = new ArrayList<>(count);
        long attempts = 0;
        long limit = 100L * count + 10_000;
        while (out.size() < count) {
            if (++attempts > limit) {
                throw new IllegalStateException(
                        "could not draw " + count + " distinct pairs in " + limit + " attempts; ask for fewer pairs");
            }
            Sentence s = sampler.sentence();
            String en = EnglishRenderer.render(s);
            String tgt = translate(s);
            if (!fits(en) || !fits(tgt) || sources.contains(en) || targets.contains(tgt)) {
                continue;
            }
            sources.add(en);
            targets.add(tgt);
            out.add(SentencePair.of(en, tgt));
        }
        return out;
    }

    String translate(Sentence s) {
        return language == TargetLanguage.FRENCH ? FrenchRenderer.render(s) : GermanRenderer.render(s);
    }

    private static boolean fits(String text) {
        int words = text.split(" ").length;
        return words >= MIN_WORDS && words <= MAX_WORDS;
    }

    /**
     * Generates the corpus and writes {@code train.csv}, {@code valid.csv} and {@code test.csv} (CSV with a
     * {@code source,target} header, UTF-8, LF) into {@code dir}, each atomically.
     *
     * @return the generated parts
     */
    public Split<SentencePair> write(Path dir) {
        Split<SentencePair> split = generate();
        CorpusFormat csv = CorpusFormat.csv();
        CsvCorpusWriter.write(dir.resolve("train.csv"), csv, split.train());
        CsvCorpusWriter.write(dir.resolve("valid.csv"), csv, split.valid());
        CsvCorpusWriter.write(dir.resolve("test.csv"), csv, split.test());
        return split;
    }

    @Override
    public String toString() {
        return "SyntheticCorpus[en-" + language.code() + ", seed " + seed + ", " + trainPairs + "/" + validPairs + "/"
                + testPairs + "]";
    }

    /** Builder of {@link SyntheticCorpus}; validation happens in {@link #build()}. */
    public static final class Builder {
        private TargetLanguage language = TargetLanguage.FRENCH;
        private long seed = 1;
        private int trainPairs = 12_000;
        private int validPairs = 500;
        private int testPairs = 500;

        private Builder() {}

        /** The target language (default French). */
        public Builder language(TargetLanguage language) {
            this.language = language;
            return this;
        }

        /** The seed (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Training pairs (default 12,000). */
        public Builder trainPairs(int trainPairs) {
            this.trainPairs = trainPairs;
            return this;
        }

        /** Validation pairs (default 500). */
        public Builder validPairs(int validPairs) {
            this.validPairs = validPairs;
            return this;
        }

        /** Test pairs (default 500). */
        public Builder testPairs(int testPairs) {
            this.testPairs = testPairs;
            return this;
        }

        /**
         * Splits {@code total} pairs as {@code tolk corpus generate --pairs} does: 1/26 of them (rounded, at least 1)
         * each to validation and test, the rest to training (13,000 gives 12,000 / 500 / 500).
         */
        public Builder totalPairs(int total) {
            int held = Math.max(1, Math.round(total / 26f));
            return trainPairs(total - 2 * held).validPairs(held).testPairs(held);
        }

        /** The corpus settings; throws {@link IllegalArgumentException} on invalid sizes. */
        public SyntheticCorpus build() {
            return new SyntheticCorpus(this);
        }
    }
}
