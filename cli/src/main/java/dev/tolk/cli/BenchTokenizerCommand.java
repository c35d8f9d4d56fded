package dev.tolk.cli;

import dev.tolk.tokenizer.TermStatistics;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Token;
import dev.tolk.tokenizer.WordTokenizer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench tokenizer}: word-tokenisation throughput (MB/s of UTF-8 input) and the time of computing term
 * statistics ({@code tolk stats}' work, in memory) over a corpus. Without {@code --column} a CSV/TSV file is read
 * as plain text lines (all columns tokenised). Reports medians of {@code --iterations} timed runs after
 * {@code --warmup} untimed ones. Reading the file (strict UTF-8 decoding, CSV parsing) is timed once, separately.
 */
@Command(
        name = "tokenizer",
        description = "Word tokenisation throughput (MB/s) and term-statistics time on a text/CSV file.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class BenchTokenizerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TokInputOptions input = new TokInputOptions();

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int iterations = 5;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0) {
            throw new UsageException("--warmup must be >= 0, got " + warmup);
        }
        if (iterations < 1) {
            throw new UsageException("--iterations must be >= 1, got " + iterations);
        }
        if (input.column == null && input.format == TokInputOptions.Format.auto) {
            input.format = TokInputOptions.Format.text;
        }
        long t0 = System.nanoTime();
        List<TokDocument> docs = input.readAll();
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        List<String> texts = new ArrayList<>(docs.size());
        long bytes = 0;
        for (TokDocument d : docs) {
            texts.add(d.text());
            bytes += d.text().getBytes(StandardCharsets.UTF_8).length + 1;
        }
        TextPipeline pipeline = TextPipeline.word();
        long[] sink = {0};
        double word = median(() -> {
            for (String s : texts) {
                List<Token> tokens = WordTokenizer.INSTANCE.tokenize(s);
                sink[0] += tokens.size();
            }
        });
        double piped = median(() -> {
            for (String s : texts) {
                sink[0] += pipeline.tokenize(s).size();
            }
        });
        double pieces = median(() -> {
            for (String s : texts) {
                sink[0] += pipeline.pieces(s).size();
            }
        });
        long[] types = {0};
        double stats = median(() -> {
            TermStatistics ts = new TermStatistics();
            for (String s : texts) {
                ts.addDocument(pipeline.terms(s));
            }
            types[0] = ts.distinctTerms();
        });
        double mb = bytes / 1e6;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "tokenizer");
        m.put("input", input.source());
        m.put("documents", docs.size());
        m.put("bytes", bytes);
        m.put("warmup", warmup);
        m.put("iterations", iterations);
        m.put("read_s", round(readSeconds));
        m.put("word_tokenize_mb_per_s", round(mb / word));
        m.put("pipeline_tokenize_mb_per_s", round(mb / piped));
        m.put("pipeline_pieces_mb_per_s", round(mb / pieces));
        m.put("stats_s", round(stats));
        m.put("distinct_terms", types[0]);
        m.put("threads", 1);
        m.put("java", System.getProperty("java.version"));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(TokJson.line(m));
        } else {
            out.printf(
                    Locale.ROOT,
                    "input %s: %d documents, %.1f MB (read and decoded in %.3f s)%n",
                    input.source(),
                    docs.size(),
                    mb,
                    readSeconds);
            out.printf(Locale.ROOT, "word tokenisation      %8.1f MB/s%n", mb / word);
            out.printf(Locale.ROOT, "pipeline tokenize      %8.1f MB/s (NFC, invisible removal)%n", mb / piped);
            out.printf(Locale.ROOT, "pipeline pieces        %8.1f MB/s%n", mb / pieces);
            out.printf(Locale.ROOT, "term statistics        %8.3f s (%d distinct terms)%n", stats, types[0]);
            out.printf(Locale.ROOT, "medians of %d runs after %d warm-up runs, 1 thread%n", iterations, warmup);
        }
        out.flush();
        if (sink[0] == 42) {
            spec.commandLine().getErr().print(""); // keep the work observable to the JIT
        }
        return Tolk.EXIT_OK;
    }

    private double median(Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] t = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return iterations % 2 == 1 ? t[iterations / 2] : (t[iterations / 2 - 1] + t[iterations / 2]) / 2;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
