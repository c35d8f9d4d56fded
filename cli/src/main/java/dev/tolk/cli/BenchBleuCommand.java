package dev.tolk.cli;

import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.BleuScore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench bleu}: wall-clock time of corpus BLEU (13a tokenization, n-gram matching, score) of a
 * synthetic system against one reference, in memory (file reading excluded). The corpus is generated
 * deterministically from {@code --seed}: Zipf-like words, numbers and punctuation in references of 5–34 tokens;
 * hypotheses replace, drop and swap about a quarter of the words. Reports the median of {@code --runs} timed runs
 * after {@code --warmup} untimed ones. BLEU uses the common fork-join pool (all cores).
 */
@Command(
        name = "bleu",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Time corpus BLEU (13a) of a synthetic N-line system against one reference.")
public final class BenchBleuCommand implements Callable<Integer> {
    private static final String[] PUNCTUATION = {",", ".", "!", "?", ";", ":", "\"", "(", ")", "-"};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--lines",
            paramLabel = "N",
            description = "Segments in the system and the reference (default 100000).")
    int lines = 100_000;

    @Option(names = "--runs", paramLabel = "R", description = "Timed runs; the median is reported (default 5).")
    int runs = 5;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up runs (default 2).")
    int warmup = 2;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the synthetic corpus (default 42).")
    long seed = 42;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (lines < 1 || lines > 10_000_000) {
            throw new UsageException("--lines must be in 1..10000000, got " + lines);
        }
        if (runs < 1 || runs > 1000) {
            throw new UsageException("--runs must be in 1..1000, got " + runs);
        }
        if (warmup < 0 || warmup > 1000) {
            throw new UsageException("--warmup must be in 0..1000, got " + warmup);
        }
        List<String> refs = new ArrayList<>(lines);
        List<String> hyps = new ArrayList<>(lines);
        generate(refs, hyps);
        Bleu bleu = new Bleu(BleuConfig.corpusDefaults());
        List<List<String>> refStreams = List.of(refs);
        BleuScore score = null;
        for (int i = 0; i < warmup; i++) {
            score = bleu.corpusScore(hyps, refStreams);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            score = bleu.corpusScore(hyps, refStreams);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : 0.5 * (sorted[runs / 2 - 1] + sorted[runs / 2]);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("benchmark", "bleu");
            j.put("lines", lines);
            j.put("hyp_tokens", score.sysLen());
            j.put("ref_tokens", score.refLen());
            j.put("warmup", warmup);
            j.put("runs", runs);
            j.put("median_ms", median);
            j.put("min_ms", sorted[0]);
            j.put("max_ms", sorted[runs - 1]);
            j.put("lines_per_sec", lines / (median / 1000));
            j.put("threads", Runtime.getRuntime().availableProcessors());
            j.put("bleu", score.score());
            j.put("signature", score.signature().format());
            j.put("seed", seed);
            out.println(EvalCommand.json(j));
        } else {
            out.printf(
                    Locale.ROOT,
                    "corpus BLEU of %d lines (%d hypothesis tokens): median %.1f ms (min %.1f, max %.1f) "
                            + "over %d runs after %d warm-up; %.0f lines/s; BLEU = %.2f%n",
                    lines,
                    score.sysLen(),
                    median,
                    sorted[0],
                    sorted[runs - 1],
                    runs,
                    warmup,
                    lines / (median / 1000),
                    score.score());
        }
        out.flush();
        return 0;
    }

    /** Deterministic reference and perturbed hypothesis lines. */
    private void generate(List<String> refs, List<String> hyps) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] vocabulary = vocabulary(random, 20_000);
        for (int i = 0; i < lines; i++) {
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
