package dev.tolk.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The service's Prometheus metrics, in a registry of its own (several services may run in one JVM):
 *
 * <ul>
 *   <li>{@code tolk_requests_total{endpoint,code}}: requests answered, by endpoint and HTTP status;
 *   <li>{@code tolk_request_errors_total{endpoint,reason}}: requests answered with an error
 *       ({@code bad_request}, {@code too_large}, {@code over_capacity}, {@code shutting_down}, {@code not_found},
 *       {@code method_not_allowed}, {@code internal});
 *   <li>{@code tolk_request_duration_seconds{endpoint}}: latency histogram, from the request's arrival to its
 *       response;
 *   <li>{@code tolk_sentences_translated_total} and {@code tolk_sentences_per_second} (over the last 10 s);
 *   <li>{@code tolk_batch_sentences}: histogram of the batch sizes the model decoded;
 *   <li>{@code tolk_queue_sentences} and {@code tolk_queue_capacity_sentences}: the batcher's queue;
 *   <li>{@code tolk_requests_in_flight}: requests received and not yet answered.
 * </ul>
 *
 * Thread-safe.
 */
public final class ServeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter errors;
    private final Histogram latency;
    private final Counter sentences;
    private final Histogram batches;
    private final Counter failedBatches;
    private final Gauge queued;
    private final Gauge inFlight;
    private final RecentRate sentenceRate = new RecentRate(10);

    /** @param queueCapacity the batcher's capacity in sentences, exported as a constant gauge */
    public ServeMetrics(int queueCapacity) {
        requests = Counter.builder()
                .name("tolk_requests_total")
                .help("HTTP requests answered, by endpoint and status code")
                .labelNames("endpoint", "code")
                .register(registry);
        errors = Counter.builder()
                .name("tolk_request_errors_total")
                .help("HTTP requests answered with an error, by endpoint and reason")
                .labelNames("endpoint", "reason")
                .register(registry);
        latency = Histogram.builder()
                .name("tolk_request_duration_seconds")
                .help("Time from a request's arrival to its response, by endpoint")
                .labelNames("endpoint")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
        sentences = Counter.builder()
                .name("tolk_sentences_translated_total")
                .help("Sentences translated")
                .register(registry);
        GaugeWithCallback.builder()
                .name("tolk_sentences_per_second")
                .help("Sentences translated per second over the last 10 seconds")
                .callback(cb -> cb.call(sentenceRate.perSecond(System.nanoTime())))
                .register(registry);
        batches = Histogram.builder()
                .name("tolk_batch_sentences")
                .help("Sentences per batch decoded by the model")
                .classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry);
        failedBatches = Counter.builder()
                .name("tolk_batches_failed_total")
                .help("Batches whose decoding failed (their requests were answered with 500)")
                .register(registry);
        queued = Gauge.builder()
                .name("tolk_queue_sentences")
                .help("Sentences waiting for the batcher")
                .register(registry);
        GaugeWithCallback.builder()
                .name("tolk_queue_capacity_sentences")
                .help("The most sentences that may wait for the batcher; beyond it requests get 429")
                .callback(cb -> cb.call(queueCapacity))
                .register(registry);
        inFlight = Gauge.builder()
                .name("tolk_requests_in_flight")
                .help("Requests received and not yet answered")
                .register(registry);
    }

    /** A request arrived. */
    void requestStarted() {
        inFlight.inc();
    }

    /**
     * A request was answered.
     *
     * @param endpoint the route, e.g. {@code /v1/translate} ({@code other} for unknown paths)
     * @param status the HTTP status
     * @param errorReason the error's reason label, or null for a success
     * @param seconds from arrival to response
     */
    void requestFinished(String endpoint, int status, String errorReason, double seconds) {
        inFlight.dec();
        requests.labelValues(endpoint, Integer.toString(status)).inc();
        if (errorReason != null) {
            errors.labelValues(endpoint, errorReason).inc();
        }
        latency.labelValues(endpoint).observe(seconds);
    }

    /** The model decoded a batch of {@code size} sentences. */
    void batchDecoded(int size) {
        batches.observe(size);
        sentences.inc(size);
        sentenceRate.add(size, System.nanoTime());
    }

    /** Decoding a batch failed. */
    void batchFailed() {
        failedBatches.inc();
    }

    /** @return batches whose decoding failed */
    public long batchesFailed() {
        return (long) failedBatches.get();
    }

    /** The batcher's queue now holds {@code sentences}. */
    void queueDepth(int sentences) {
        queued.set(sentences);
    }

    /** @return batches the model has decoded */
    public long batches() {
        return batches.collect().getDataPoints().get(0).getCount();
    }

    /** @return sentences translated */
    public long sentencesTranslated() {
        return (long) sentences.get();
    }

    /** @return requests received and not yet answered */
    public long inFlight() {
        return (long) inFlight.get();
    }

    /** @return the current value of {@code tolk_queue_sentences} */
    public long queueDepth() {
        return (long) queued.get();
    }

    /** @return every metric in the Prometheus text format (version 0.0.4) */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to memory", e);
        }
        return out.toByteArray();
    }

    /** @return the content type of {@link #scrape()} */
    public String contentType() {
        return writer.getContentType();
    }
}
