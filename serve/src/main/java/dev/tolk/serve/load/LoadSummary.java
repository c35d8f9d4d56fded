package dev.tolk.serve.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A load benchmark's report with the setup it ran under, as one JSON object or as lines for people.
 *
 * @param report what was measured
 * @param model the model's name
 * @param backend the matrix-product backend
 * @param precision the number format of the matrix products (baseline and service alike): fp32, bf16 or int8
 * @param translateThreads matrix-product threads of the {@code tolk translate} baseline
 * @param workers the service's decoding workers
 * @param threads the service's matrix-product threads
 * @param batchWindowMs the service's batching window
 * @param maxBatch the service's largest batch
 * @param peakRssMb the process's peak resident set in MB, or null when unknown
 */
public record LoadSummary(
        LoadReport report,
        String model,
        String backend,
        String precision,
        int translateThreads,
        int workers,
        int threads,
        double batchWindowMs,
        int maxBatch,
        Double peakRssMb) {

    /** The JSON object of {@code tolk bench serve --json} (figures rounded to 2 decimals). */
    public ObjectNode toJson(ObjectMapper json) {
        LoadReport r = report;
        ObjectNode o = json.createObjectNode();
        o.put("benchmark", "serve");
        o.put("model", model);
        o.put("sentences", r.sentences());
        o.put("beam", r.beam());
        o.put("backend", backend);
        o.put("precision", precision);
        o.put("translate_threads", translateThreads);
        o.put("workers", workers);
        o.put("threads", threads);
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
        if (peakRssMb != null) {
            o.put("peak_rss_mb", peakRssMb);
        } else {
            o.putNull("peak_rss_mb");
        }
        return o;
    }

    /** The report for people: six lines, each ending in a line feed. */
    public String toText() {
        LoadReport r = report;
        return String.format(
                        Locale.ROOT,
                        "model %s, %d sentences, beam %d, %s %s matrix products%n",
                        model,
                        r.sentences(),
                        r.beam(),
                        backend,
                        precision)
                + String.format(
                        Locale.ROOT,
                        "tolk translate (batches of 32, %d threads): %8.1f sentences/s%n",
                        translateThreads,
                        r.translateSentencesPerSecond())
                + String.format(
                        Locale.ROOT,
                        "serve, %d clients, %d workers x %d threads: %8.1f sentences/s (%.0f%% of translate), mean"
                                + " batch %.1f%n",
                        r.clients(),
                        workers,
                        threads,
                        r.serveSentencesPerSecond(),
                        100 * r.throughputRatio(),
                        r.meanBatchSentences())
                + String.format(
                        Locale.ROOT,
                        "latency under load:  p50 %6.1f ms, p99 %6.1f ms (%d requests)%n",
                        r.load().p50(),
                        r.load().p99(),
                        r.load().requests())
                + String.format(
                        Locale.ROOT,
                        "latency when idle:   p50 %6.1f ms, p99 %6.1f ms (%d requests)%n",
                        r.idle().p50(),
                        r.idle().p99(),
                        r.idle().requests())
                + String.format(
                        Locale.ROOT,
                        "errors: %d; peak RSS: %s MB%n",
                        r.errors(),
                        peakRssMb == null ? "n/a" : peakRssMb);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : Double.NaN;
    }
}
