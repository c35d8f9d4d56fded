package dev.tolk.bench;

import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.BleuScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Wall-clock time of corpus BLEU (13a tokenization, n-gram matching, score) of a synthetic system against one
 * reference, in memory (file reading excluded). The corpus is generated deterministically from the seed: Zipf-like
 * words, numbers and punctuation in references of 5–34 tokens; hypotheses replace, drop and swap about a quarter of
 * the words. Reports the median of the timed runs after the untimed warm-up runs. BLEU uses the common fork-join
 * pool (all cores).
 */
public final class BleuBenchmark {
    private static final String[] PUNCTUATION = {",", ".", "!", "?", ";", ":", "\"", "(", ")", "-"};

    /**
     * @param lines segments in the system and the reference, [1, 10,000,000]
     * @param runs timed runs, [1, 1000]
     * @param warmup untimed runs first, [0, 1000]
     * @param seed of the synthetic corpus
     */
    public record Config(int lines, int runs, int warmup, long seed) {
        /** Validates. */
        public Config {
            if (lines < 1 || lines > 10_000_000 || runs < 1 || runs > 1000 || warmup < 0 || warmup > 1000) {
                throw new IllegalArgumentException(
                        "invalid BLEU benchmark configuration: " + lines + " lines, " + warmup + "+" + runs + " runs");
            }
        }
    }

    /**
     * @param config what was measured
     * @param score the BLEU score (the same on every run)
     * @param medianMs median milliseconds of a corpus score
     * @param minMs fastest run
     * @param maxMs slowest run
     */
    public record Result(Config config, BleuScore score, double medianMs, double minMs, double maxMs)
            implements BenchmarkResult {
        /** @return segments scored per second */
        public double linesPerSecond() {
            return config.lines() / (medianMs / 1000);
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("benchmark", "bleu");
            j.put("lines", config.lines());
            j.put("hyp_tokens", score.sysLen());
            j.put("ref_tokens", score.refLen());
            j.put("warmup", config.warmup());
            j.put("runs", config.runs());
            j.put("median_ms", medianMs);
            j.put("min_ms", minMs);
            j.put("max_ms", maxMs);
            j.put("lines_per_sec", linesPerSecond());
            j.put("threads", Runtime.getRuntime().availableProcessors());
            j.put("bleu", score.score());
            j.put("signature", score.signature().format());
            j.put("seed", config.seed());
            return j;
        }

        @Override
        public String text() {
            return String.format(
                    Locale.ROOT,
                    "corpus BLEU of %d lines (%d hypothesis tokens): median %.1f ms (min %.1f, max %.1f) "
                            + "over %d runs after %d warm-up; %.0f lines/s; BLEU = %.2f%n",
                    config.lines(),
                    score.sysLen(),
                    medianMs,
                    minMs,
                    maxMs,
                    config.runs(),
                    config.warmup(),
                    linesPerSecond(),
                    score.score());
        }
    }

    private BleuBenchmark() {}

    /** Generates the corpus and times corpus BLEU on it. */
    public static Result run(Config config) {
        List<String> refs = new ArrayList<>(config.lines());
        List<String> hyps = new ArrayList<>(config.lines());
        generate(config, refs, hyps);
        Bleu bleu = new Bleu(BleuConfig.corpusDefaults());
        List<List<String>> refStreams = List.of(refs);
        BleuScore[] score = new BleuScore[1];
        double[] seconds =
                Timings.seconds(() -> score[0] = bleu.corpusScore(hyps, refStreams), config.warmup(), config.runs());
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double s : seconds) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        return new Result(config, score[0], Timings.median(seconds) * 1e3, min * 1e3, max * 1e3);
    }

    /** Deterministic reference and perturbed hypothesis lines. */
    static void generate(Config config, List<String> refs, List<String> hyps) {
        SplittableRandom random = new SplittableRandom(config.seed());
        String[] vocabulary = vocabulary(random, 20_000);
        for (int i = 0; i < config.lines(); i++) {
            int len = 5 + random.nextInt(30);
            List<String> ref = new ArrayList<>(len);
            for (int t = 0; t < len; t++) {
                ref.add(token(random, vocabulary));
            }
            List<String> hyp = new ArrayList<>(len);
            for (int t = 0; t < len; t++) {
                int r = random.nextInt(100);
                if (r < 5) {
                    continue; // drop
                } else if (r < 20) {
                    hyp.add(token(random, vocabulary)); // replace
                } else if (r < 25 && t + 1 < len) {
                    hyp.add(ref.get(t + 1)); // swap with the next word
                    hyp.add(ref.get(t));
                    t++;
                } else {
                    hyp.add(ref.get(t));
                }
            }
            refs.add(String.join(" ", ref) + ".");
            hyps.add(String.join(" ", hyp) + ".");
        }
    }

    private static String token(SplittableRandom random, String[] vocabulary) {
        int r = random.nextInt(100);
        if (r < 8) {
            return PUNCTUATION[random.nextInt(PUNCTUATION.length)];
        }
        if (r < 10) {
            return Integer.toString(random.nextInt(3000)) + (random.nextBoolean() ? ".5" : "");
        }
        // Zipf-like: nested uniform draws favour low ranks
        return vocabulary[random.nextInt(random.nextInt(vocabulary.length) + 1)];
    }

    private static String[] vocabulary(SplittableRandom random, int size) {
        String[] syllables = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "ve", "do", "ze", "an", "er", "in", "ol", "ul"};
        String[] words = new String[size];
        for (int i = 0; i < size; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(4);
            for (int s = 0; s < n; s++) {
                b.append(syllables[random.nextInt(syllables.length)]);
            }
            if (random.nextInt(10) == 0) {
                b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
            }
            words[i] = b.toString();
        }
        return words;
    }
}
