package dev.tolk.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The translation service: an HTTP server (the JDK's {@code com.sun.net.httpserver}) with the JSON API, the web page
 * and the metrics, in front of a {@link DynamicBatcher}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code POST /v1/translate}</td><td>translate sentences ({@link TranslateRequestParser})</td></tr>
 *   <tr><td>{@code GET /v1/model}</td><td>the model's description and provenance ({@link ModelInfo})</td></tr>
 *   <tr><td>{@code GET /health}</td><td>200 while serving, 503 while shutting down</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus text format ({@link ServeMetrics})</td></tr>
 *   <tr><td>{@code GET /openapi.json}</td><td>the API as an OpenAPI 3 document</td></tr>
 *   <tr><td>{@code GET /}</td><td>the web page ({@code /app.js}, {@code /style.css})</td></tr>
 * </table>
 *
 * <p>Threads: the HTTP executor parses requests and writes responses ({@code httpThreads}, queue bounded: when it is
 * full the accepting thread runs the request itself, which slows accepting instead of dropping connections); one
 * batcher thread translates. Lifecycle: {@link #start} listens; {@link #close()} shuts down gracefully: new
 * translation requests get 503 with {@code Retry-After}, queued and in-flight ones are answered (up to
 * {@code drainTimeout}), then the socket closes.
 */
public final class TranslationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationServer.class);
    private static final int EXECUTOR_QUEUE = 1024;

    static {
        // The JDK's HttpServer leaves Nagle's algorithm on unless told (its sun.net.httpserver.nodelay property,
        // read once): a response's headers and body then go out as two small segments, the second held until the
        // client acknowledges the first, which delayed acknowledgements stretch to tens of milliseconds.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SentenceTranslator translator;
    private final ServeConfig config;
    private final int maxLineTokens;
    private final ServeMetrics metrics;
    private final DynamicBatcher batcher;
    private final ThreadPoolExecutor executor;
    private final Router router;
    private final HttpServer http;
    private final TranslateRequestParser parser;
    private final int workers;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private TranslationServer(List<? extends SentenceTranslator> translators, ServeConfig config) throws IOException {
        this.translator = translators.get(0);
        this.config = config;
        ModelInfo model = translator.model();
        for (SentenceTranslator t : translators) {
            if (!t.model().path().equals(model.path())) {
                throw new IllegalArgumentException("every worker must serve the same model, got " + model.path()
                        + " and " + t.model().path());
            }
        }
        this.maxLineTokens = config.maxLineTokens() > 0 ? config.maxLineTokens() : model.maxInputTokens();
        this.metrics = new ServeMetrics(config.queueCapacity());
        this.parser = new TranslateRequestParser(
                config.maxLines(),
                maxLineTokens,
                config.maxBeam(),
                model.defaultBeam(),
                model.defaultNbest(),
                translator::sourceTokens);
        this.workers = translators.size();
        this.executor = new ThreadPoolExecutor(
                config.httpThreads(),
                config.httpThreads(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(EXECUTOR_QUEUE),
                threads("tolk-http-"),
                new ThreadPoolExecutor.CallerRunsPolicy());
        this.router = new Router(metrics, executor, config.maxBodyBytes());
        byte[] modelJson = Response.json(modelJson()).body();
        router.route("POST", "/v1/translate", this::translate)
                .get("/v1/model", () -> Response.of(Response.JSON_TYPE, modelJson))
                .get("/health", this::health)
                .get("/metrics", () -> Response.of(metrics.contentType(), metrics.scrape()));
        new WebAssets().all().forEach((path, asset) -> {
            Response r = Response.of(asset.contentType(), asset.bytes());
            router.get(path, () -> r);
        });
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve host '" + config.host() + "'");
        }
        try {
            this.http = HttpServer.create(address, 128);
        } catch (BindException e) {
            throw new IOException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage()
                            + " (choose another --port, or stop what listens there)",
                    e);
        }
        http.setExecutor(executor);
        http.createContext("/", router);
        this.batcher = new DynamicBatcher(
                translators, config.batchWindow(), config.maxBatchSentences(), config.queueCapacity(), metrics);
    }

    /** Starts serving with one decoding worker; see {@link #start(List, ServeConfig)}. */
    public static TranslationServer start(SentenceTranslator translator, ServeConfig config) throws IOException {
        return start(List.of(translator), config);
    }

    /**
     * Starts serving.
     *
     * @param translators one copy of the model per decoding worker (each copy's {@code translate} is called from its
     *     worker's thread only)
     * @param config address, limits, batching
     * @return the running server
     * @throws IOException when the address cannot be bound (in use, not local, no permission)
     */
    public static TranslationServer start(List<? extends SentenceTranslator> translators, ServeConfig config)
            throws IOException {
        if (translators.isEmpty()) {
            throw new IllegalArgumentException("at least one translator is needed");
        }
        TranslationServer s = new TranslationServer(translators, config);
        s.http.start();
        LOG.info(
                "serving {} at {} ({} decoding worker(s), batches of up to {} sentences, window {} ms, queue {} "
                        + "sentences)",
                s.translator.model().name(),
                s.uri(),
                s.workers,
                config.maxBatchSentences(),
                config.batchWindow().toNanos() / 1e6,
                config.queueCapacity());
        return s;
    }

    /** @return the address actually bound (the port is known here when 0 was asked for) */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** @return the service's base URI, e.g. {@code http://127.0.0.1:8080/} */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** @return the metrics (for tests and the load benchmark) */
    public ServeMetrics metrics() {
        return metrics;
    }

    /** @return the batcher (for tests) */
    DynamicBatcher batcher() {
        return batcher;
    }

    /** @return the longest sentence accepted, in tokens */
    public int maxLineTokens() {
        return maxLineTokens;
    }

    private CompletableFuture<Response> translate(byte[] body) {
        if (closing.get()) {
            throw RejectedException.shutdown();
        }
        TranslateRequest request = parser.parse(body);
        // the response is built on the HTTP executor, not on the decoding worker that completes the future
        return batcher.submit(request.text(), request.settings())
                .thenApplyAsync(
                        list -> {
                            ObjectNode o = Response.object();
                            ArrayNode a = o.putArray("translations");
                            list.forEach(t -> a.add(t.toJson()));
                            o.put("beam", request.settings().beam());
                            o.put("nbest", request.settings().nbest());
                            return Response.json(o);
                        },
                        executor);
    }

    private Response health() {
        ObjectNode o = Response.object();
        o.put("status", closing.get() ? "shutting_down" : "ok");
        o.put("model", translator.model().name());
        o.put("queued_sentences", batcher.queuedSentences());
        if (closing.get()) {
            Response ok = Response.json(o);
            return new Response(503, ok.contentType(), ok.body(), Map.of("Retry-After", "5"), "shutting_down");
        }
        return Response.json(o);
    }

    private ObjectNode modelJson() {
        ObjectNode o = translator.model().toJson();
        ObjectNode limits = o.putObject("limits");
        limits.put("max_body_bytes", config.maxBodyBytes());
        limits.put("max_lines", config.maxLines());
        limits.put("max_line_tokens", maxLineTokens);
        limits.put("max_beam", config.maxBeam());
        ObjectNode batching = o.putObject("batching");
        batching.put("workers", workers);
        batching.put("window_ms", config.batchWindow().toNanos() / 1e6);
        batching.put("max_batch_sentences", config.maxBatchSentences());
        batching.put("queue_capacity_sentences", config.queueCapacity());
        return o;
    }

    /**
     * Shuts down gracefully: refuses new translations (503 with {@code Retry-After}), answers every queued and
     * in-flight request (waiting at most the drain timeout), then stops listening. Safe to call more than once and
     * from a shutdown hook.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        LOG.info(
                "shutting down: answering {} queued sentences and {} requests in flight",
                batcher.queuedSentences(),
                router.inFlight());
        try {
            batcher.close();
            batcher.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            while (router.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (router.inFlight() > 0) {
            LOG.warn("drain timeout: closing with {} requests unanswered", router.inFlight());
        }
        http.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopped");
        closed.countDown();
    }

    /** Blocks until {@link #close()} has finished (e.g. the main thread of {@code tolk serve}). */
    public void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
