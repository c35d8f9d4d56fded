package dev.tolk.serve.load;

/**
 * What the load benchmark measured.
 *
 * @param sentences distinct sentences used
 * @param clients concurrent clients in the load phase
 * @param beam beam width
 * @param translateSentencesPerSecond the baseline: the same sentences translated in one process as
 *     {@code tolk translate} does (length-sorted batches of 32), after warm-up
 * @param idle latencies of single sentences sent one after another to the idle server
 * @param load latencies under {@code clients} concurrent single-sentence clients
 * @param serveSentencesPerSecond sentences answered per second in the load phase
 * @param meanBatchSentences the mean batch size the model decoded in the load phase
 * @param errors requests in the idle and load phases that did not get a 200 (or failed to connect)
 */
public record LoadReport(
        int sentences,
        int clients,
        int beam,
        double translateSentencesPerSecond,
        Latencies idle,
        Latencies load,
        double serveSentencesPerSecond,
        double meanBatchSentences,
        long errors) {

    /** @return the load phase's throughput as a share of the {@code tolk translate} baseline */
    public double throughputRatio() {
        return serveSentencesPerSecond / translateSentencesPerSecond;
    }

    /**
     * Latencies of one phase, in milliseconds.
     *
     * @param requests requests completed
     * @param p50 median
     * @param p99 99th percentile (nearest rank)
     * @param max the slowest
     * @param seconds the phase's wall-clock time
     */
    public record Latencies(int requests, double p50, double p99, double max, double seconds) {
        /** @return the latencies of {@code millis} (sorted in place) over a phase of {@code seconds} */
        static Latencies of(double[] millis, double seconds) {
            java.util.Arrays.sort(millis);
            int n = millis.length;
            if (n == 0) {
                return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, seconds);
            }
            return new Latencies(n, rank(millis, 0.50), rank(millis, 0.99), millis[n - 1], seconds);
        }

        /** Nearest-rank percentile of sorted values. */
        static double rank(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }
}
