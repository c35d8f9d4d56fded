package dev.tolk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.Gemm;
import dev.tolk.data.SentencePair;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.ServeConfig;
import dev.tolk.serve.load.LoadBenchmark;
import dev.tolk.serve.load.LoadConfig;
import dev.tolk.serve.load.LoadReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench serve}: the service's load benchmark ({@link LoadBenchmark}): throughput against
 * {@code tolk translate} on the same sentences, idle and loaded latency, errors and peak RSS.
 */
@Command(
        name = "serve",
        description = {
            "Load-test tolk serve on 127.0.0.1: the same sentences translated as tolk translate does, then sent",
            "one per request, first one after another (idle latency), then from --clients concurrent clients."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class BenchServeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "Model directory or file.")
    Path model;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description = "Sentences, one per line (default: --sentences sentences of the bundled English corpus).")
    Path input;

    @Option(
            names = "--sentences",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Without --input: how many corpus sentences (default: ${DEFAULT-VALUE}).")
    int sentences;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Without --input: the corpus seed (default: ${DEFAULT-VALUE}, the quickstart's).")
    long seed;

    @Option(
            names = "--clients",
            paramLabel = "N",
            defaultValue = "16",
            description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "2000",
            description = "Single-sentence requests under load (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--idle-requests",
            paramLabel = "N",
            defaultValue = "300",
            description = "Requests sent one after another for the idle latency (default: ${DEFAULT-VALUE}).")
    int idleRequests;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "500",
            description = "Requests before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--time-limit",
            paramLabel = "S",
            defaultValue = "120",
            description = "Longest time of each phase in seconds (default: ${DEFAULT-VALUE}).")
    int timeLimit;

    @Option(names = "--beam", paramLabel = "K", description = "Beam size (default: the model's decode.beam_size).")
    Integer beam;

    @Option(
            names = "--workers",
            paramLabel = "W",
            description = "The service's decoding workers (default: one per core, as tolk serve).")
    Integer workers;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "The service's matrix-product threads (default: cores / workers, as tolk serve).")
    Integer threads;

    @Option(
            names = "--translate-threads",
            paramLabel = "N",
            description = "Matrix-product threads of the tolk translate baseline (default: all cores, as tolk "
                    + "translate).")
    Integer translateThreads;

    @Option(
            names = "--batch-window-ms",
            paramLabel = "MS",
            defaultValue = "2",
            description = "The service's batching window (default: ${DEFAULT-VALUE}).")
    double batchWindowMs;

    @Option(
            names = "--max-batch",
            paramLabel = "N",
            defaultValue = "32",
            description = "The service's largest batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LoadConfig load;
        ServeConfig serve;
        int cores = Runtime.getRuntime().availableProcessors();
        int w = workers != null ? workers : cores;
        int t = threads != null ? threads : Math.max(1, cores / w);
        int tt = translateThreads != null ? translateThreads : cores;
        try {
            if (w < 1 || w > 64) {
                throw new IllegalArgumentException("--workers must be in [1, 64], got " + w);
            }
            if (t < 1 || t > 1024 || tt < 1 || tt > 1024) {
                throw new IllegalArgumentException(
                        "--threads and --translate-threads must be in [1, 1024], got " + t + " and " + tt);
            }
            if (!(batchWindowMs >= 0 && batchWindowMs <= 1000)) {
                throw new IllegalArgumentException("--batch-window-ms must be in [0, 1000], got " + batchWindowMs);
            }
            if (input == null && (sentences < 1 || sentences > 100_000)) {
                throw new IllegalArgumentException("--sentences must be in [1, 100000], got " + sentences);
            }
            serve = ServeConfig.builder()
                    .batchWindow(Duration.ofNanos(Math.round(batchWindowMs * 1e6)))
                    .maxBatchSentences(maxBatch)
                    .queueCapacity(Math.max(256, 2 * clients))
                    .build();
            load = new LoadConfig(
                    clients,
                    requests,
                    idleRequests,
                    warmup,
                    Duration.ofSeconds(Math.max(1, timeLimit)),
                    beam == null ? 1 : beam,
                    tt,
                    t);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> texts = input != null ? readLines(input) : corpusSentences();
        List<Seq2SeqTranslator> copies = new ArrayList<>();
        for (int i = 0; i < w; i++) {
            copies.add(Seq2SeqTranslator.load(model));
        }
        Seq2SeqTranslator translator = copies.get(0);
        int k = beam != null ? beam : translator.model().defaultBeam();
        load = new LoadConfig(clients, requests, idleRequests, warmup, load.timeLimit(), k, tt, t);
        LoadReport r = new LoadBenchmark(copies, serve, load, texts).run();
        ObjectNode o = JSON.createObjectNode();
        o.put("benchmark", "serve");
        o.put("model", translator.model().name());
        o.put("sentences", r.sentences());
        o.put("beam", r.beam());
        o.put("backend", Gemm.get().name());
        o.put("translate_threads", tt);
        o.put("workers", w);
        o.put("threads", t);
        o.put("clients", r.clients());
        o.put("batch_window_ms", batchWindowMs);
        o.put("max_batch", maxBatch);
        o.put("translate_sentences_per_sec", round(r.translateSentencesPerSecond()));
        o.put("serve_sentences_per_sec", round(r.serveSentencesPerSecond()));
        o.put("serve_vs_translate", round(r.throughputRatio()));
        o.put("mean_batch_sentences", round(r.meanBatchSentences()));
        o.put("load_requests", r.load().requests());
        o.put("load_p50_ms", round(r.load().p50()));
        o.put("load_p99_ms", round(r.load().p99()));
        o.put("idle_requests", r.idle().requests());
        o.put("idle_p50_ms", round(r.idle().p50()));
        o.put("idle_p99_ms", round(r.idle().p99()));
        o.put("errors", r.errors());
        Double rss = dev.tolk.bench.Machine.peakRssMb();
        if (rss != null) {
            o.put("peak_rss_mb", rss);
        } else {
            o.putNull("peak_rss_mb");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(o));
        } else {
            out.printf(
                    Locale.ROOT,
                    "model %s, %d sentences, beam %d, %s matrix products%n",
                    o.get("model").asText(),
                    r.sentences(),
                    r.beam(),
                    Gemm.get().name());
            out.printf(
                    Locale.ROOT,
                    "tolk translate (batches of 32, %d threads): %8.1f sentences/s%n",
                    tt,
                    r.translateSentencesPerSecond());
            out.printf(
                    Locale.ROOT,
                    "serve, %d clients, %d workers x %d threads: %8.1f sentences/s (%.0f%% of translate), mean batch "
                            + "%.1f%n",
                    r.clients(),
                    w,
                    t,
                    r.serveSentencesPerSecond(),
                    100 * r.throughputRatio(),
                    r.meanBatchSentences());
            out.printf(
                    Locale.ROOT,
                    "latency under load:  p50 %6.1f ms, p99 %6.1f ms (%d requests)%n",
                    r.load().p50(),
                    r.load().p99(),
                    r.load().requests());
            out.printf(
                    Locale.ROOT,
                    "latency when idle:   p50 %6.1f ms, p99 %6.1f ms (%d requests)%n",
                    r.idle().p50(),
                    r.idle().p99(),
                    r.idle().requests());
            out.printf(Locale.ROOT, "errors: %d; peak RSS: %s MB%n", r.errors(), rss == null ? "n/a" : rss);
        }
        out.flush();
        return Tolk.EXIT_OK;
    }

    private List<String> corpusSentences() {
        return SyntheticCorpus.builder()
                .seed(seed)
                .trainPairs(1)
                .validPairs(0)
                .testPairs(sentences)
                .build()
                .generate()
                .test()
                .stream()
                .map(SentencePair::source)
                .toList();
    }

    private static List<String> readLines(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
        if (lines.isEmpty()) {
            throw new java.io.IOException(file + ": no sentences (one per line expected)");
        }
        return lines;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : Double.NaN;
    }
}
