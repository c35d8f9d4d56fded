package dev.tolk.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * chrF (Popović 2015) and chrF++ (Popović 2017) exactly as sacreBLEU 2.6.0.
 *
 * <p>Per segment: optional lowercasing; character n-grams (orders 1..charOrder, by code point) of the segment
 * with all whitespace removed (Python's set); for chrF++ also word n-grams (orders 1..wordOrder) of the
 * Python-{@code split()} words, where a word longer than one character loses ONE trailing ASCII punctuation
 * character into a separate token (or else one leading one). For each order: hypothesis n-grams (reported 0 when
 * the reference has none of that order), reference n-grams and clipped matches. With several references the
 * one with the best segment F-score is used (the first on ties). Corpus statistics are summed over segments;
 * the score is the F-beta of precision and recall averaged over the orders where both sides have n-grams, or
 * with {@link ChrFConfig#epsSmoothing()} the mean of per-order F-scores.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChrF implements CorpusMetric {
    private static final double EPS = 1e-16;
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final ChrFConfig config;
    private final String name;

    /** chrF computed as {@code config} says. */
    public ChrF(ChrFConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = "chrF" + config.beta() + "+".repeat(config.wordOrder());
    }

    /** The configuration. */
    public ChrFConfig config() {
        return config;
    }

    /** {@code chrF<beta>} plus one {@code +} per word order, e.g. {@code chrF2++}. */
    @Override
    public String name() {
        return name;
    }

    /** Corpus chrF; {@code references} holds one list per reference stream, aligned with the hypotheses. */
    public ChrFScore corpusScore(List<String> hypotheses, List<List<String>> references) {
        return score(statistics(hypotheses, references));
    }

    /** chrF of one hypothesis against its references. */
    public ChrFScore sentenceScore(String hypothesis, List<String> references) {
        Objects.requireNonNull(hypothesis, "hypothesis");
        List<List<String>> streams = new ArrayList<>(references.size());
        for (String r : references) {
            streams.add(List.of(Objects.requireNonNull(r, "reference")));
        }
        return corpusScore(List.of(hypothesis), streams);
    }

    /** The score of corpus statistics. */
    public ChrFScore score(CorpusStatistics statistics) {
        return score(statistics.sum(), statistics.nrefs());
    }

    /** The score of summed statistics ({@code 3 * (charOrder + wordOrder)} values). */
    public ChrFScore score(long[] sums, String nrefs) {
        List<Long> stats = new ArrayList<>(sums.length);
        for (long v : sums) {
            stats.add(v);
        }
        return new ChrFScore(name, scoreOf(sums), stats, signature(nrefs));
    }

    @Override
    public double scoreOf(long[] s) {
        int orders = config.charOrder() + config.wordOrder();
        if (s.length != 3 * orders) {
            throw new IllegalArgumentException(
                    "ChrF: " + s.length + " statistics given but " + orders + " orders need " + 3 * orders);
        }
        double factor = (double) config.beta() * config.beta();
        double score = 0.0;
        double avgPrec = 0.0;
        double avgRec = 0.0;
        int effectiveOrder = 0;
        for (int i = 0; i < orders; i++) {
            long hyp = s[3 * i];
            long ref = s[3 * i + 1];
            long match = s[3 * i + 2];
            double prec = hyp > 0 ? (double) match / hyp : EPS;
            double rec = ref > 0 ? (double) match / ref : EPS;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : EPS;
            if (hyp > 0 && ref > 0) {
                avgPrec += prec;
                avgRec += rec;
                effectiveOrder++;
            }
        }
        if (config.epsSmoothing()) {
            return 100 * score / orders;
        }
        if (effectiveOrder == 0) {
            avgPrec = 0.0;
            avgRec = 0.0;
        } else {
            avgPrec /= effectiveOrder;
            avgRec /= effectiveOrder;
        }
        if (avgPrec + avgRec != 0) {
            double f = (1 + factor) * avgPrec * avgRec;
            f /= (factor * avgPrec) + avgRec;
            return 100 * f;
        }
        return 0.0;
    }

    @Override
    public Signature signature(String nrefs) {
        return Signature.of(List.of(
                new Signature.Field("nrefs", "#", nrefs),
                new Signature.Field("case", "c", config.lowercase() ? "lc" : "mixed"),
                new Signature.Field("eff", "e", config.epsSmoothing() ? "no" : "yes"),
                new Signature.Field("nc", "nc", Integer.toString(config.charOrder())),
                new Signature.Field("nw", "nw", Integer.toString(config.wordOrder())),
                new Signature.Field("space", "s", config.whitespace() ? "yes" : "no")));
    }

    @Override
    public CorpusStatistics statistics(List<String> hypotheses, List<List<String>> references) {
        ReferenceStreams.check(name, hypotheses, references);
        int orders = config.charOrder() + config.wordOrder();
        int width = 3 * orders;
        int segments = hypotheses.size();
        long[] rows = new long[segments * width];
        Workspace w = new Workspace();
        int minRefs = Integer.MAX_VALUE;
        int maxRefs = 0;
        for (int i = 0; i < segments; i++) {
            List<String> refs = ReferenceStreams.segment(name, references, i);
            minRefs = Math.min(minRefs, refs.size());
            maxRefs = Math.max(maxRefs, refs.size());
            long[] best = segmentStatistics(hypotheses.get(i), refs, w);
            System.arraycopy(best, 0, rows, i * width, width);
        }
        return new CorpusStatistics(rows, width, ReferenceStreams.nrefs(minRefs, maxRefs, references.size()));
    }

    /** Per-call state: n-gram indexes and the word vocabulary of the current hypothesis. */
    private final class Workspace {
        final NgramIndex chars = config.charOrder() > 0 ? new NgramIndex(config.charOrder()) : null;
        final NgramIndex words = config.wordOrder() > 0 ? new NgramIndex(config.wordOrder()) : null;
        final HashMap<String, Integer> vocabulary = new HashMap<>();
    }

    private long[] segmentStatistics(String hypothesis, List<String> refs, Workspace w) {
        String hyp = preprocess(hypothesis);
        int[] hypChars = characters(hyp);
        if (w.chars != null) {
            w.chars.indexHypothesis(hypChars, hypChars.length);
        }
        int hypWordCount = 0;
        if (w.words != null) {
            w.vocabulary.clear();
            List<String> words = words(hyp);
            int[] units = new int[words.size()];
            for (int t = 0; t < units.length; t++) {
                Integer id = w.vocabulary.putIfAbsent(words.get(t), w.vocabulary.size());
                units[t] = id == null ? w.vocabulary.size() - 1 : id;
            }
            hypWordCount = units.length;
            w.words.indexHypothesis(units, hypWordCount);
        }
        long[] best = null;
        double bestF = -1.0;
        for (String reference : refs) {
            String ref = preprocess(reference);
            long[] stats = new long[3 * (config.charOrder() + config.wordOrder())];
            if (w.chars != null) {
                int[] refChars = characters(ref);
                fill(stats, 0, w.chars, config.charOrder(), refChars, refChars.length);
            }
            if (w.words != null) {
                List<String> words = words(ref);
                int[] units = new int[words.size()];
                for (int t = 0; t < units.length; t++) {
                    units[t] = w.vocabulary.getOrDefault(words.get(t), -1);
                }
                fill(stats, 3 * config.charOrder(), w.words, config.wordOrder(), units, units.length);
            }
            double f = scoreOf(stats);
            if (f > bestF) {
                bestF = f;
                best = stats;
            }
        }
        return best;
    }

    private static void fill(long[] stats, int at, NgramIndex index, int order, int[] refUnits, int refLength) {
        int[][] refCounts = index.referenceCounts(refUnits, refLength);
        for (int n = 1; n <= order; n++) {
            int refTotal = Math.max(0, refLength - n + 1);
            int base = at + 3 * (n - 1);
            stats[base] = refTotal > 0 ? index.hypTotal(n) : 0;
            stats[base + 1] = refTotal;
            stats[base + 2] = index.clippedMatches(n, refCounts[n - 1]);
        }
    }

    private String preprocess(String segment) {
        return config.lowercase() ? PythonText.lower(segment) : segment;
    }

    private int[] characters(String segment) {
        return PythonText.codePoints(config.whitespace() ? segment : PythonText.removeWhitespace(segment));
    }

    /** sacreBLEU's chrF++ word splitting: one trailing (else leading) ASCII punctuation mark becomes a token. */
    static List<String> words(String segment) {
        List<String> out = new ArrayList<>();
        for (String w : PythonText.split(segment)) {
            if (w.codePointCount(0, w.length()) == 1) {
                out.add(w);
            } else if (PUNCTUATION.indexOf(w.charAt(w.length() - 1)) >= 0) {
                out.add(w.substring(0, w.length() - 1));
                out.add(w.substring(w.length() - 1));
            } else if (PUNCTUATION.indexOf(w.charAt(0)) >= 0) {
                out.add(w.substring(0, 1));
                out.add(w.substring(1));
            } else {
                out.add(w);
            }
        }
        return out;
    }
}
