package dev.tolk.bench;

import dev.tolk.tokenizer.TermStatistics;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.WordTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word-tokenisation throughput (MB/s of UTF-8 text) and the time of computing term statistics ({@code tolk stats}'
 * work, in memory) over documents already read: the word tokenizer alone, the word pipeline (normalisation,
 * invisible removal), its model pieces, and {@link TermStatistics} over its terms. Medians of the timed runs after
 * the untimed warm-up runs, on one thread.
 */
public final class TokenizerBenchmark {

    /**
     * @param input what the documents came from (for the report)
     * @param documents how many documents
     * @param bytes their UTF-8 size, one line break each included
     * @param readSeconds the time reading them took (measured by the caller)
     * @param warmup untimed runs
     * @param iterations timed runs
     * @param wordSeconds median seconds of word tokenisation
     * @param pipelineSeconds median seconds of the pipeline's tokens
     * @param piecesSeconds median seconds of the pipeline's pieces
     * @param statsSeconds median seconds of term statistics
     * @param distinctTerms distinct terms found
     */
    public record Result(
            String input,
            int documents,
            long bytes,
            double readSeconds,
            int warmup,
            int iterations,
            double wordSeconds,
            double pipelineSeconds,
            double piecesSeconds,
            double statsSeconds,
            long distinctTerms)
            implements BenchmarkResult {
        private double megabytes() {
            return bytes / 1e6;
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", "tokenizer");
            m.put("input", input);
            m.put("documents", documents);
            m.put("bytes", bytes);
            m.put("warmup", warmup);
            m.put("iterations", iterations);
            m.put("read_s", Timings.round(readSeconds, 3));
            m.put("word_tokenize_mb_per_s", Timings.round(megabytes() / wordSeconds, 3));
            m.put("pipeline_tokenize_mb_per_s", Timings.round(megabytes() / pipelineSeconds, 3));
            m.put("pipeline_pieces_mb_per_s", Timings.round(megabytes() / piecesSeconds, 3));
            m.put("stats_s", Timings.round(statsSeconds, 3));
            m.put("distinct_terms", distinctTerms);
            m.put("threads", 1);
            m.put("java", System.getProperty("java.version"));
            return m;
        }

        @Override
        public String text() {
            double mb = megabytes();
            return String.format(
                            Locale.ROOT,
                            "input %s: %d documents, %.1f MB (read and decoded in %.3f s)%n",
                            input,
                            documents,
                            mb,
                            readSeconds)
                    + String.format(Locale.ROOT, "word tokenisation      %8.1f MB/s%n", mb / wordSeconds)
                    + String.format(
                            Locale.ROOT,
                            "pipeline tokenize      %8.1f MB/s (NFC, invisible removal)%n",
                            mb / pipelineSeconds)
                    + String.format(Locale.ROOT, "pipeline pieces        %8.1f MB/s%n", mb / piecesSeconds)
                    + String.format(
                            Locale.ROOT,
                            "term statistics        %8.3f s (%d distinct terms)%n",
                            statsSeconds,
                            distinctTerms)
                    + String.format(
                            Locale.ROOT, "medians of %d runs after %d warm-up runs, 1 thread%n", iterations, warmup);
        }
    }

    private TokenizerBenchmark() {}

    /**
     * @param input what the texts came from, for the report
     * @param texts the documents
     * @param readSeconds the time reading them took
     * @param warmup untimed runs, &ge; 0
     * @param iterations timed runs, &ge; 1
     */
    public static Result run(String input, List<String> texts, double readSeconds, int warmup, int iterations) {
        if (warmup < 0 || iterations < 1) {
            throw new IllegalArgumentException(
                    "warmup must be >= 0 and iterations >= 1, got " + warmup + ", " + iterations);
        }
        long bytes = 0;
        for (String s : texts) {
            bytes += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        TextPipeline pipeline = TextPipeline.word();
        long[] sink = {0};
        double word = Timings.medianSeconds(
                () -> {
                    for (String s : texts) {
                        sink[0] += WordTokenizer.INSTANCE.tokenize(s).size();
                    }
                },
                warmup,
                iterations);
        double piped = Timings.medianSeconds(
                () -> {
                    for (String s : texts) {
                        sink[0] += pipeline.tokenize(s).size();
                    }
                },
                warmup,
                iterations);
        double pieces = Timings.medianSeconds(
                () -> {
                    for (String s : texts) {
                        sink[0] += pipeline.pieces(s).size();
                    }
                },
                warmup,
                iterations);
        long[] types = {0};
        double stats = Timings.medianSeconds(
                () -> {
                    TermStatistics ts = new TermStatistics();
                    for (String s : texts) {
                        ts.addDocument(pipeline.terms(s));
                    }
                    types[0] = ts.distinctTerms();
                },
                warmup,
                iterations);
        if (sink[0] == Long.MIN_VALUE) {
            throw new IllegalStateException("unreachable: keeps the tokenisation observable to the JIT");
        }
        return new Result(
                input, texts.size(), bytes, readSeconds, warmup, iterations, word, piped, pieces, stats, types[0]);
    }
}
