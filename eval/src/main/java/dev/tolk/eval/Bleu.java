package dev.tolk.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * BLEU (Papineni et al. 2002) exactly as sacreBLEU 2.6.0 computes it.
 *
 * <p>Each segment is lowercased (optional, Python's {@code str.lower()}), right-stripped (Python's
 * {@code str.rstrip()}), tokenized ({@link BleuConfig#tokenize()}) and split on Python's whitespace set. For
 * n = 1..N the clipped match count of an n-gram is {@code min(count in hypothesis, max count in any
 * reference)}; totals are the hypothesis n-grams; the reference length is that of the reference closest to the
 * hypothesis length (ties to the shorter). Everything is summed over the corpus, then
 * {@code BLEU = BP * exp(mean over orders of log p_n)} with {@code BP = exp(1 - refLen/sysLen)} when
 * {@code sysLen < refLen} (0 when {@code sysLen} is 0) and 1 otherwise; precisions are smoothed as described in
 * {@link Smoothing}; {@code log 0} is taken as -9999999999 (so the score becomes 0), and a corpus without any
 * match scores 0. With effective order the mean runs only up to the highest order with hypothesis n-grams.
 *
 * <p>Corpus statistics of large corpora are computed in parallel chunks on the common fork-join pool; the
 * statistics are integers, so the result does not depend on the number of threads.
 *
 * <p>Immutable and thread-safe. Typical use:
 * <pre>{@code
 * Bleu bleu = new Bleu(BleuConfig.corpusDefaults());
 * BleuScore s = bleu.corpusScore(hypotheses, List.of(references));
 * }</pre>
 */
public final class Bleu implements CorpusMetric {
    private static final double LOG_ZERO = -9999999999.0;
    private static final String NAME = "BLEU";
    /** Segments per parallel work item; integer statistics make the result independent of the split. */
    private static final int CHUNK = 2048;

    private final BleuConfig config;

    /** BLEU computed as {@code config} says. */
    public Bleu(BleuConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The configuration. */
    public BleuConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Corpus BLEU of {@code hypotheses} against {@code references}: one list per reference stream, each aligned
     * with the hypotheses. An empty reference ("") counts, with length 0; a missing one (null) is dropped, so a
     * segment may have fewer references (see {@link ReferenceStreams}).
     */
    public BleuScore corpusScore(List<String> hypotheses, List<List<String>> references) {
        return score(statistics(hypotheses, references));
    }

    /**
     * Sentence BLEU of one hypothesis against its references. sacreBLEU recommends effective order for this
     * ({@link BleuConfig#sentenceDefaults()}); the configuration is used as given.
     */
    public BleuScore sentenceScore(String hypothesis, List<String> references) {
        Objects.requireNonNull(hypothesis, "hypothesis");
        List<List<String>> streams = new ArrayList<>(references.size());
        for (String r : references) {
            streams.add(List.of(Objects.requireNonNull(r, "reference")));
        }
        return corpusScore(List.of(hypothesis), streams);
    }

    /** The tokens BLEU counts for {@code segment}: lowercased (optional), right-stripped, tokenized, split. */
    public String[] tokens(String segment) {
        String s = config.lowercase() ? PythonText.lower(segment) : segment;
        return config.tokenize().tokenizer().tokens(PythonText.rstrip(s));
    }

    /**
     * Per-segment statistics, {@code 2 + 2N} values each: hypothesis length, closest reference length, matches
     * for orders 1..N, hypothesis n-grams for orders 1..N (sacreBLEU's layout).
     */
    @Override
    public CorpusStatistics statistics(List<String> hypotheses, List<List<String>> references) {
        ReferenceStreams.check(NAME, hypotheses, references);
        int order = config.maxNgramOrder();
        int width = 2 + 2 * order;
        int segments = hypotheses.size();
        // references are checked sequentially first, so that the error for a bad segment is deterministic
        int minRefs = Integer.MAX_VALUE;
        int maxRefs = 0;
        for (int i = 0; i < segments; i++) {
            int k = ReferenceStreams.segment(NAME, references, i).size();
            minRefs = Math.min(minRefs, k);
            maxRefs = Math.max(maxRefs, k);
        }
        long[] rows = new long[segments * width];
        int chunks = (segments + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
            NgramIndex index = new NgramIndex(order);
            HashMap<String, Integer> vocabulary = new HashMap<>();
            int end = Math.min(segments, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < end; i++) {
                segmentStatistics(
                        hypotheses.get(i),
                        ReferenceStreams.segment(NAME, references, i),
                        index,
                        vocabulary,
                        rows,
                        i * width);
            }
        });
        return new CorpusStatistics(rows, width, ReferenceStreams.nrefs(minRefs, maxRefs, references.size()));
    }

    private void segmentStatistics(
            String hypothesis,
            List<String> refs,
            NgramIndex index,
            HashMap<String, Integer> vocabulary,
            long[] out,
            int at) {
        int order = config.maxNgramOrder();
        vocabulary.clear();
        String[] hyp = tokens(hypothesis);
        int[] hypUnits = new int[hyp.length];
        for (int t = 0; t < hyp.length; t++) {
            Integer id = vocabulary.putIfAbsent(hyp[t], vocabulary.size());
            hypUnits[t] = id == null ? vocabulary.size() - 1 : id;
        }
        index.indexHypothesis(hypUnits, hyp.length);
        int[][] maxRefCounts = new int[order][];
        for (int n = 1; n <= order; n++) {
            maxRefCounts[n - 1] = new int[index.hypCounts(n).length];
        }
        int closestLen = -1;
        int closestDiff = -1;
        for (String ref : refs) {
            String[] refTokens = tokens(ref);
            int refLen = refTokens.length;
            int diff = Math.abs(hyp.length - refLen);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closestLen = refLen;
            } else if (diff == closestDiff && refLen < closestLen) {
                closestLen = refLen;
            }
            int[] refUnits = new int[refLen];
            for (int t = 0; t < refLen; t++) {
                refUnits[t] = vocabulary.getOrDefault(refTokens[t], -1);
            }
            int[][] counts = index.referenceCounts(refUnits, refLen);
            for (int n = 0; n < order; n++) {
                int[] max = maxRefCounts[n];
                int[] c = counts[n];
                for (int id = 0; id < max.length; id++) {
                    if (c[id] > max[id]) {
                        max[id] = c[id];
                    }
                }
            }
        }
        out[at] = hyp.length;
        out[at + 1] = closestLen;
        for (int n = 1; n <= order; n++) {
            out[at + 1 + n] = index.clippedMatches(n, maxRefCounts[n - 1]);
            out[at + 1 + order + n] = index.hypTotal(n);
        }
    }

    /** The score of corpus statistics (summed over all segments). */
    public BleuScore score(CorpusStatistics statistics) {
        if (statistics.width() != 2 + 2 * config.maxNgramOrder()) {
            throw new IllegalArgumentException("Bleu.score: statistics have width " + statistics.width()
                    + " but BLEU of order " + config.maxNgramOrder() + " needs " + (2 + 2 * config.maxNgramOrder()));
        }
        return score(statistics.sum(), statistics.nrefs());
    }

    @Override
    public double scoreOf(long[] summedStatistics) {
        return score(summedStatistics, "1").score();
    }

    @Override
    public Signature signature(String nrefs) {
        String smooth = config.smoothing().id();
        if (config.smoothing().takesValue()) {
            smooth += "[" + PythonFloatFormat.fixed(config.smoothValue(), 2) + "]";
        }
        return Signature.of(List.of(
                new Signature.Field("nrefs", "#", nrefs),
                new Signature.Field("case", "c", config.lowercase() ? "lc" : "mixed"),
                new Signature.Field("eff", "e", config.effectiveOrder() ? "yes" : "no"),
                new Signature.Field("tok", "tok", config.tokenize().id()),
                new Signature.Field("smooth", "s", smooth)));
    }

    /**
     * The BLEU score of summed statistics in sacreBLEU's layout ({@link #statistics}), following sacreBLEU's
     * {@code compute_bleu} operation by operation so that doubles agree to the last bit in practice.
     */
    public BleuScore score(long[] sums, String nrefs) {
        int order = config.maxNgramOrder();
        if (sums.length != 2 + 2 * order) {
            throw new IllegalArgumentException("Bleu.score: " + sums.length + " statistics given but BLEU of order "
                    + order + " needs " + (2 + 2 * order));
        }
        long sysLen = sums[0];
        long refLen = sums[1];
        List<Long> counts = new ArrayList<>(order);
        List<Long> totals = new ArrayList<>(order);
        double[] correct = new double[order];
        double[] total = new double[order];
        boolean anyMatch = false;
        for (int n = 0; n < order; n++) {
            counts.add(sums[2 + n]);
            totals.add(sums[2 + order + n]);
            correct[n] = sums[2 + n];
            total[n] = sums[2 + order + n];
            anyMatch |= sums[2 + n] != 0;
        }
        double bp;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
        } else {
            bp = 1.0;
        }
        double[] precisions = new double[order];
        double score;
        if (!anyMatch) {
            score = 0.0;
        } else {
            Smoothing method = config.smoothing();
            double value = config.smoothValue();
            double smoothMteval = 1.0;
            int effOrder = order;
            for (int n = 1; n <= order; n++) {
                if (method == Smoothing.ADD_K && n > 1) {
                    correct[n - 1] += value;
                    total[n - 1] += value;
                }
                if (total[n - 1] == 0) {
                    break;
                }
                if (config.effectiveOrder()) {
                    effOrder = n;
                }
                if (correct[n - 1] == 0) {
                    if (method == Smoothing.EXP) {
                        smoothMteval *= 2;
                        precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
                    } else if (method == Smoothing.FLOOR) {
                        precisions[n - 1] = 100.0 * value / total[n - 1];
                    }
                } else {
                    precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
                }
            }
            double logSum = 0;
            for (int n = 0; n < effOrder; n++) {
                logSum += precisions[n] == 0.0 ? LOG_ZERO : Math.log(precisions[n]);
            }
            score = bp * Math.exp(logSum / effOrder);
        }
        List<Double> precisionList = new ArrayList<>(order);
        List<Double> smoothedCounts = new ArrayList<>(order);
        List<Double> smoothedTotals = new ArrayList<>(order);
        for (int n = 0; n < order; n++) {
            precisionList.add(precisions[n]);
            smoothedCounts.add(correct[n]);
            smoothedTotals.add(total[n]);
        }
        return new BleuScore(
                score,
                counts,
                totals,
                precisionList,
                bp,
                sysLen,
                refLen,
                smoothedCounts,
                smoothedTotals,
                signature(nrefs));
    }
}
