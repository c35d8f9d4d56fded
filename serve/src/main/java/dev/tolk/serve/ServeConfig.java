package dev.tolk.serve;

import java.time.Duration;

/**
 * How the translation service listens, batches and limits requests. Immutable; {@link #DEFAULTS} holds every
 * default, {@link #builder()} overrides them one by one.
 *
 * @param host the address to bind; {@code 127.0.0.1} (this machine only) unless told otherwise
 * @param port the TCP port, in [0, 65535]; 0 picks a free one
 * @param httpThreads threads that parse requests and write responses (translation runs on one batcher thread), &ge; 1
 * @param maxBodyBytes the largest request body accepted, in bytes (larger: 413)
 * @param maxLines the most sentences in one request
 * @param maxLineTokens the most tokens in one sentence; 0 = the model's {@code decode.max_input_tokens}. Above the
 *     model's limit (when set higher) a sentence is chunked or truncated as the model's {@code decode.overlong} says
 * @param maxBeam the widest beam a request may ask for
 * @param batchWindow how long the batcher waits after a request arrives for others to join its batch
 * @param maxBatchSentences the most sentences decoded in one batch
 * @param queueCapacity the most sentences waiting for the batcher; beyond it requests get 429 with Retry-After
 * @param drainTimeout on shutdown, how long in-flight requests may take to finish
 */
public record ServeConfig(
        String host,
        int port,
        int httpThreads,
        int maxBodyBytes,
        int maxLines,
        int maxLineTokens,
        int maxBeam,
        Duration batchWindow,
        int maxBatchSentences,
        int queueCapacity,
        Duration drainTimeout) {

    /** The defaults. */
    public static final ServeConfig DEFAULTS = new ServeConfig(
            "127.0.0.1", 8080, 4, 1 << 20, 64, 0, 16, Duration.ofMillis(2), 32, 256, Duration.ofSeconds(30));

    /** Validates every value, naming it. */
    public ServeConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be non-blank");
        }
        check("port", port, 0, 65535);
        check("http threads", httpThreads, 1, 256);
        check("max body bytes", maxBodyBytes, 16, 1 << 30);
        check("max lines", maxLines, 1, 100_000);
        check("max line tokens", maxLineTokens, 0, 100_000);
        check("max beam", maxBeam, 1, 1000);
        check("max batch sentences", maxBatchSentences, 1, 100_000);
        check("queue capacity", queueCapacity, maxLines, 10_000_000);
        if (batchWindow == null || batchWindow.isNegative() || batchWindow.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("batch window must be in [0, 1 s], got " + batchWindow);
        }
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must be >= 0, got " + drainTimeout);
        }
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value
                    + (name.equals("queue capacity") ? " (at least max lines)" : ""));
        }
    }

    /** @return a builder starting from {@link #DEFAULTS} */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Overrides values one by one; {@link #build()} validates. */
    public static final class Builder {
        private String host;
        private int port;
        private int httpThreads;
        private int maxBodyBytes;
        private int maxLines;
        private int maxLineTokens;
        private int maxBeam;
        private Duration batchWindow;
        private int maxBatchSentences;
        private int queueCapacity;
        private Duration drainTimeout;

        private Builder(ServeConfig c) {
            host = c.host;
            port = c.port;
            httpThreads = c.httpThreads;
            maxBodyBytes = c.maxBodyBytes;
            maxLines = c.maxLines;
            maxLineTokens = c.maxLineTokens;
            maxBeam = c.maxBeam;
            batchWindow = c.batchWindow;
            maxBatchSentences = c.maxBatchSentences;
            queueCapacity = c.queueCapacity;
            drainTimeout = c.drainTimeout;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder httpThreads(int v) {
            httpThreads = v;
            return this;
        }

        public Builder maxBodyBytes(int v) {
            maxBodyBytes = v;
            return this;
        }

        public Builder maxLines(int v) {
            maxLines = v;
            return this;
        }

        public Builder maxLineTokens(int v) {
            maxLineTokens = v;
            return this;
        }

        public Builder maxBeam(int v) {
            maxBeam = v;
            return this;
        }

        public Builder batchWindow(Duration v) {
            batchWindow = v;
            return this;
        }

        public Builder maxBatchSentences(int v) {
            maxBatchSentences = v;
            return this;
        }

        public Builder queueCapacity(int v) {
            queueCapacity = v;
            return this;
        }

        public Builder drainTimeout(Duration v) {
            drainTimeout = v;
            return this;
        }

        public ServeConfig build() {
            return new ServeConfig(
                    host,
                    port,
                    httpThreads,
                    maxBodyBytes,
                    maxLines,
                    maxLineTokens,
                    maxBeam,
                    batchWindow,
                    maxBatchSentences,
                    queueCapacity,
                    drainTimeout);
        }
    }
}
