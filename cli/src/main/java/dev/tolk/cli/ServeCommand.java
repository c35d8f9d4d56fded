package dev.tolk.cli;

import dev.tolk.core.Gemm;
import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.ServeConfig;
import dev.tolk.serve.TranslationServer;
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
 * {@code tolk serve}: serves a trained model over HTTP (the JSON API, the web page, metrics) until Ctrl-C or
 * SIGTERM, then shuts down gracefully. Parses, wires and prints; the service is {@link TranslationServer}.
 */
@Command(
        name = "serve",
        description = {
            "Serve a trained model over HTTP: a JSON API (POST /v1/translate), a web page with attention",
            "heatmaps (/), Prometheus metrics (/metrics). Listens on 127.0.0.1 (this machine only) unless --host",
            "says otherwise; Ctrl-C or SIGTERM answers the requests in flight, then stops."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "M",
            description = "Model directory (holding model.tolk) or model file.")
    Path model;

    @Option(
            names = "--host",
            paramLabel = "ADDR",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 = every interface).",
            defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = "--port",
            paramLabel = "P",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).",
            defaultValue = "8080")
    int port;

    @Option(
            names = "--workers",
            paramLabel = "W",
            description = "Decoding workers, each with its own copy of the model, decoding batches side by side "
                    + "(default: one per core).")
    Integer workers;

    /** The one --threads rule; 0 (the default) shares all cores among the workers: cores / workers, at least 1. */
    @Mixin
    ThreadsOption threads;

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Option(
            names = "--max-lines",
            paramLabel = "N",
            description = "Most sentences per request (default: ${DEFAULT-VALUE}).",
            defaultValue = "64")
    int maxLines;

    @Option(
            names = "--max-line-tokens",
            paramLabel = "N",
            description = "Most tokens per sentence (default: the model's decode.max_input_tokens; above it the "
                    + "model's decode.overlong policy chunks or truncates).")
    Integer maxLineTokens;

    @Option(
            names = "--max-beam",
            paramLabel = "K",
            description = "Widest beam a request may ask for (default: ${DEFAULT-VALUE}).",
            defaultValue = "16")
    int maxBeam;

    @Option(
            names = "--max-body-kb",
            paramLabel = "KB",
            description = "Largest request body in KiB (default: ${DEFAULT-VALUE}).",
            defaultValue = "1024")
    int maxBodyKb;

    @Option(
            names = "--batch-window-ms",
            paramLabel = "MS",
            description = "How long a request waits for others to share its batch (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    double batchWindowMs;

    @Option(
            names = "--max-batch",
            paramLabel = "N",
            description = "Most sentences decoded together (default: ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int maxBatch;

    @Option(
            names = "--queue",
            paramLabel = "N",
            description = "Most sentences waiting; beyond it requests get 429 with Retry-After (default: "
                    + "${DEFAULT-VALUE}).",
            defaultValue = "256")
    int queue;

    @Option(
            names = "--drain-seconds",
            paramLabel = "S",
            description = "On shutdown, how long requests in flight may take (default: ${DEFAULT-VALUE}).",
            defaultValue = "30")
    int drainSeconds;

    @Override
    public Integer call() throws Exception {
        ServeConfig config = config();
        int cores = Runtime.getRuntime().availableProcessors();
        int w = workers != null ? workers : cores;
        range("--workers", w, 1, 64);
        int t = threads.perWorker(w);
        List<Seq2SeqTranslator> copies = Seq2SeqTranslator.loadCopies(model, w, precision.value());
        Seq2SeqTranslator translator = copies.get(0);
        Gemm.get().setThreads(t);
        TranslationServer server = TranslationServer.start(copies, config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tolk-serve-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("serving " + translator.model().name() + " at " + server.uri() + " ("
                + translator.model().precision()
                + "; web page: " + server.uri() + ", API: " + server.uri() + "v1/translate, metrics: " + server.uri()
                + "metrics); Ctrl-C stops");
        out.flush();
        server.awaitClosed();
        return Tolk.EXIT_OK;
    }

    /** The service's settings from the options; a value out of range is a usage error naming its option. */
    ServeConfig config() {
        ServeConfig.Builder b = ServeConfig.builder()
                .host(host)
                .port(port)
                .maxLines(maxLines)
                .maxBeam(maxBeam)
                .maxBatchSentences(maxBatch)
                .queueCapacity(queue);
        range("--port", port, 0, 65535);
        range("--max-lines", maxLines, 1, 100_000);
        range("--max-beam", maxBeam, 1, 1000);
        range("--max-body-kb", maxBodyKb, 1, 1 << 20);
        range("--max-batch", maxBatch, 1, 100_000);
        range("--queue", queue, maxLines, 10_000_000);
        range("--drain-seconds", drainSeconds, 0, 86_400);
        if (maxLineTokens != null) {
            range("--max-line-tokens", maxLineTokens, 1, 100_000);
            b.maxLineTokens(maxLineTokens);
        }
        if (!(batchWindowMs >= 0 && batchWindowMs <= 1000)) {
            throw new UsageException("--batch-window-ms must be in [0, 1000], got " + batchWindowMs);
        }
        return b.maxBodyBytes(maxBodyKb * 1024)
                .batchWindow(Duration.ofNanos(Math.round(batchWindowMs * 1e6)))
                .drainTimeout(Duration.ofSeconds(drainSeconds))
                .build();
    }

    private static void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be in [" + min + ", " + max + "], got " + value
                    + (option.equals("--queue") ? " (at least --max-lines)" : ""));
        }
    }
}
