package dev.tolk.eval;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Bootstrap resampling for MT metrics, following sacreBLEU's {@code significance.py} (itself after Koehn 2004 and
 * Moses' bootstrap-hypothesis-difference-significance.pl).
 *
 * <p>Each resample draws {@code n} segment indices uniformly with replacement (a {@link SplittableRandom} seeded
 * with {@link #seed()}); the metric is recomputed from the summed per-segment statistics of those segments. For a
 * paired test both systems are rescored on the same resamples; with {@code d_i = |system_i - baseline_i|} the
 * p-value is {@code (1 + #{i : d_i - mean(d) > |system - baseline|}) / (1 + resamples)}. Confidence intervals
 * use sacreBLEU's percentile rule ({@link ConfidenceInterval}).
 *
 * <p>The algorithm is sacreBLEU's, the random numbers are not (sacreBLEU draws with NumPy's PCG64), so
 * intervals and p-values agree with sacreBLEU's statistically, not digit for digit. Deterministic for a given
 * seed. Immutable and thread-safe.
 *
 * @param resamples number of resamples, ≥ 1 (sacreBLEU's default 1000)
 * @param seed random seed (sacreBLEU's default 12345)
 */
public record BootstrapResampling(int resamples, long seed) {
    /** sacreBLEU's default number of paired bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** sacreBLEU's default seed ({@code SACREBLEU_SEED}). */
    public static final long DEFAULT_SEED = 12345;

    /** Validates the number of resamples. */
    public BootstrapResampling {
        if (resamples < 1) {
            throw new IllegalArgumentException("BootstrapResampling: resamples must be >= 1, got " + resamples);
        }
    }

    /** 1000 resamples, seed 12345 (sacreBLEU's defaults). */
    public static BootstrapResampling defaults() {
        return new BootstrapResampling(DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    /** The score of {@code hypotheses} with its 95% confidence interval. */
    public BootstrapEstimate confidenceInterval(
            CorpusMetric metric, List<String> hypotheses, List<List<String>> references) {
        CorpusStatistics stats = metric.statistics(hypotheses, references);
        double[] scores = new double[resamples];
        int n = requireSegments(stats);
        SplittableRandom random = new SplittableRandom(seed);
        int[] idx = new int[n];
        long[] sum = new long[stats.width()];
        for (int r = 0; r < resamples; r++) {
            draw(random, idx);
            stats.sumOf(idx, sum);
            scores[r] = metric.scoreOf(sum);
        }
        return new BootstrapEstimate(
                metric.scoreOf(stats.sum()),
                ConfidenceInterval.of(scores),
                resamples,
                seed,
                signature(metric, stats.nrefs()));
    }

    /** Paired bootstrap test of {@code system} against {@code baseline}, both aligned with {@code references}. */
    public PairedBootstrapResult pairedTest(
            CorpusMetric metric, List<String> baseline, List<String> system, List<List<String>> references) {
        if (baseline.size() != system.size()) {
            throw new IllegalArgumentException("BootstrapResampling.pairedTest: baseline has " + baseline.size()
                    + " segments but system has " + system.size() + "; both must be aligned with the references");
        }
        CorpusStatistics a = metric.statistics(baseline, references);
        CorpusStatistics b = metric.statistics(system, references);
        int n = requireSegments(a);
        double scoreA = metric.scoreOf(a.sum());
        double scoreB = metric.scoreOf(b.sum());
        double[] scoresA = new double[resamples];
        double[] scoresB = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        int[] idx = new int[n];
        long[] sumA = new long[a.width()];
        long[] sumB = new long[b.width()];
        int better = 0;
        for (int r = 0; r < resamples; r++) {
            draw(random, idx);
            a.sumOf(idx, sumA);
            b.sumOf(idx, sumB);
            scoresA[r] = metric.scoreOf(sumA);
            scoresB[r] = metric.scoreOf(sumB);
            if (scoresB[r] > scoresA[r]) {
                better++;
            }
        }
        double[] diffs = new double[resamples];
        double meanDiff = 0;
        for (int r = 0; r < resamples; r++) {
            diffs[r] = Math.abs(scoresB[r] - scoresA[r]);
            meanDiff += diffs[r];
        }
        meanDiff /= resamples;
        double observed = Math.abs(scoreA - scoreB);
        int exceed = 0;
        for (int r = 0; r < resamples; r++) {
            if (diffs[r] - meanDiff > observed) {
                exceed++;
            }
        }
        double p = (exceed + 1.0) / (resamples + 1.0);
        return new PairedBootstrapResult(
                scoreA,
                scoreB,
                ConfidenceInterval.of(scoresA),
                ConfidenceInterval.of(scoresB),
                p,
                (double) better / resamples,
                resamples,
                seed,
                signature(metric, a.nrefs()));
    }

    private Signature signature(CorpusMetric metric, String nrefs) {
        return metric.signature(nrefs)
                .withAfterNrefs(new Signature.Field("seed", "rs", Long.toString(seed)))
                .withAfterNrefs(new Signature.Field("bs", "bs", Integer.toString(resamples)));
    }

    private static int requireSegments(CorpusStatistics stats) {
        if (stats.segments() == 0) {
            throw new IllegalArgumentException("BootstrapResampling: the test set has no segments to resample");
        }
        return stats.segments();
    }

    private static void draw(SplittableRandom random, int[] idx) {
        int n = idx.length;
        for (int i = 0; i < n; i++) {
            idx[i] = random.nextInt(n);
        }
    }
}
