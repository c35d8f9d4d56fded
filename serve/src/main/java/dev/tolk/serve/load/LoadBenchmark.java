package dev.tolk.serve.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.Gemm;
import dev.tolk.serve.DecodeSettings;
import dev.tolk.serve.SentenceTranslator;
import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.ServeConfig;
import dev.tolk.serve.TranslationServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's load benchmark ({@code tolk bench serve}): starts the service in this process on 127.0.0.1 with a
 * free port, and measures, in order:
 *
 * <ol>
 *   <li>the baseline: the same sentences translated as {@code tolk translate} does (one call, length-sorted batches
 *       of {@value Seq2SeqTranslator#BATCH_SIZE}), after a warm-up;
 *   <li>idle latency: single-sentence requests sent one after another;
 *   <li>load: {@code clients} threads each sending single-sentence requests as fast as answered.
 * </ol>
 *
 * Clients use the JDK's {@link HttpURLConnection} with kept-alive connections (at least one per client: the JDK's
 * {@code http.maxConnections} is raised to the client count when not set), over loopback only. Every phase is bounded in requests and time and stops by
 * itself.
 */
public final class LoadBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBenchmark.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<? extends SentenceTranslator> translators;
    private final ServeConfig serveConfig;
    private final LoadConfig config;
    private final List<String> sentences;

    /**
     * @param translators one model copy per decoding worker of the service; the first also runs the baseline
     * @param serveConfig the service's settings (host and port are replaced by 127.0.0.1 and a free port)
     * @param config clients, request counts, time limit, beam
     * @param sentences the sentences to send, at least one; cycled when there are fewer than requests
     */
    public LoadBenchmark(
            List<? extends SentenceTranslator> translators,
            ServeConfig serveConfig,
            LoadConfig config,
            List<String> sentences) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("the load benchmark needs at least one sentence");
        }
        this.translators = List.copyOf(translators);
        this.serveConfig = serveConfig.toBuilder().host("127.0.0.1").port(0).build();
        this.config = config;
        this.sentences = List.copyOf(sentences);
    }

    /** Runs the three phases and reports. */
    public LoadReport run() throws IOException, InterruptedException {
        if (System.getProperty("http.maxConnections") == null) {
            // read once by the JDK; below the client count, connections beyond it would be closed after each use
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, config.clients())));
        }
        DecodeSettings settings = new DecodeSettings(config.beam(), 1, false);
        Gemm.get().setThreads(config.translateThreads());
        double baseline = baseline(settings);
        LOG.info(
                "baseline (as tolk translate, {} threads): {} sentences/s",
                config.translateThreads(),
                String.format("%.1f", baseline));
        Gemm.get().setThreads(config.serveThreads());
        try (TranslationServer server = TranslationServer.start(translators, serveConfig)) {
            URI uri = server.uri().resolve("/v1/translate");
            URL client = uri.toURL();
            AtomicLong errors = new AtomicLong();
            phase(client, uri, config.clients(), config.warmupRequests(), new AtomicLong());
            LOG.info("warm-up done: {} requests", config.warmupRequests());
            LoadReport.Latencies idle = phase(client, uri, 1, config.idleRequests(), errors);
            LOG.info("idle: p50 {} ms, p99 {} ms", fmt(idle.p50()), fmt(idle.p99()));
            long batchesBefore = server.metrics().batches();
            long sentencesBefore = server.metrics().sentencesTranslated();
            LoadReport.Latencies load = phase(client, uri, config.clients(), config.loadRequests(), errors);
            long batches = server.metrics().batches() - batchesBefore;
            long translated = server.metrics().sentencesTranslated() - sentencesBefore;
            double throughput = load.requests() / load.seconds();
            LOG.info(
                    "load ({} clients): {} sentences/s, p50 {} ms, p99 {} ms",
                    config.clients(),
                    fmt(throughput),
                    fmt(load.p50()),
                    fmt(load.p99()));
            return new LoadReport(
                    sentences.size(),
                    config.clients(),
                    config.beam(),
                    baseline,
                    idle,
                    load,
                    throughput,
                    batches == 0 ? Double.NaN : (double) translated / batches,
                    errors.get());
        }
    }

    /** Sentences per second translating all sentences in one call, after translating a first share to warm up. */
    private double baseline(DecodeSettings settings) {
        SentenceTranslator translator = translators.get(0);
        translator.translate(sentences.subList(0, Math.min(sentences.size(), 256)), settings);
        long start = System.nanoTime();
        long deadline = start + config.timeLimit().toNanos();
        int done = 0;
        // whole passes over the sentences, at least one, while time allows
        do {
            translator.translate(sentences, settings);
            done += sentences.size();
        } while (done < config.loadRequests() && System.nanoTime() < deadline);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Sends {@code requests} single-sentence requests from {@code clients} threads (fewer when the time limit is
     * reached first).
     */
    private LoadReport.Latencies phase(URL client, URI uri, int clients, int requests, AtomicLong errors)
            throws InterruptedException {
        if (requests == 0) {
            return LoadReport.Latencies.of(new double[0], 0);
        }
        AtomicInteger next = new AtomicInteger();
        double[] millis = new double[requests];
        AtomicInteger completed = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + config.timeLimit().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "tolk-load-client");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                        byte[] body = body(sentences.get(i % sentences.size())).getBytes(StandardCharsets.UTF_8);
                        long t0 = System.nanoTime();
                        if (!post(client, body)) {
                            errors.incrementAndGet();
                            continue;
                        }
                        millis[completed.getAndIncrement()] = (System.nanoTime() - t0) / 1e6;
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a load client failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return LoadReport.Latencies.of(java.util.Arrays.copyOf(millis, completed.get()), seconds);
    }

    /**
     * One request over a kept-alive connection ({@link HttpURLConnection}: blocking, no extra threads, so the
     * clients take little of the CPU the service measures on); the response is read whole.
     *
     * @return true for a 200
     */
    private static boolean post(URL url, byte[] body) {
        try {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(60_000);
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/json");
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private String body(String sentence) {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("text").add(sentence);
        o.put("beam", config.beam());
        return o.toString();
    }

    private static String fmt(double v) {
        return String.format("%.1f", v);
    }
}
