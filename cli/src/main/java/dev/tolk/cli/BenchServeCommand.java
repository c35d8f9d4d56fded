package dev.tolk.cli;

import dev.tolk.core.Gemm;
import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.ServeConfig;
import dev.tolk.serve.load.LoadBenchmark;
import dev.tolk.serve.load.LoadConfig;
import dev.tolk.serve.load.LoadReport;
import dev.tolk.serve.load.LoadSentences;
import dev.tolk.serve.load.LoadSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    /** The service's threads, as tolk serve's: 0 (the default) shares all cores among the workers. */
    @Mixin
    ThreadsOption threads;

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

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LoadConfig load;
        ServeConfig serve;
        int cores = Runtime.getRuntime().availableProcessors();
        int w = workers != null ? workers : cores;
        int tt = translateThreads != null ? translateThreads : cores;
        int t = threads.perWorker(w);
        try {
            if (w < 1 || w > 64) {
                throw new IllegalArgumentException("--workers must be in [1, 64], got " + w);
            }
            if (tt < 1 || tt > ThreadsOption.MAX) {
                throw new IllegalArgumentException("--translate-threads must be in [1, 1024], got " + tt);
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
        List<String> texts = input != null ? LoadSentences.of(input) : LoadSentences.synthetic(seed, sentences);
        List<Seq2SeqTranslator> copies = Seq2SeqTranslator.loadCopies(model, w, precision.value());
        Seq2SeqTranslator translator = copies.get(0);
        int k = beam != null ? beam : translator.model().defaultBeam();
        load = new LoadConfig(clients, requests, idleRequests, warmup, load.timeLimit(), k, tt, t);
        LoadReport r = new LoadBenchmark(copies, serve, load, texts).run();
        LoadSummary summary = new LoadSummary(
                r,
                translator.model().name(),
                Gemm.get().name(),
                translator.model().precision(),
                tt,
                w,
                t,
                batchWindowMs,
                maxBatch,
                dev.tolk.bench.Machine.peakRssMb());
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.line(summary.toJson(Json.MAPPER)) + "\n" : summary.toText());
        out.flush();
        return Tolk.EXIT_OK;
    }
}
