package dev.tolk.serve.load;

import java.time.Duration;

/**
 * How the load benchmark runs. Every phase is bounded in requests and in time.
 *
 * @param clients concurrent clients in the load phase, each sending one sentence per request, in [1, 256]
 * @param loadRequests requests in the load phase (the sentences are cycled), &ge; 1
 * @param idleRequests sequential single-sentence requests on the otherwise idle server, &ge; 1
 * @param warmupRequests requests sent before measuring (JIT warm-up), &ge; 0
 * @param timeLimit the longest any phase may run; a phase stops early when reached
 * @param beam the beam width of every request (and of the {@code tolk translate} baseline)
 * @param translateThreads matrix-product threads of the {@code tolk translate} baseline (its default: all cores)
 * @param serveThreads matrix-product threads while the service runs
 */
public record LoadConfig(
        int clients,
        int loadRequests,
        int idleRequests,
        int warmupRequests,
        Duration timeLimit,
        int beam,
        int translateThreads,
        int serveThreads) {
    /** Validates the ranges. */
    public LoadConfig {
        if (clients < 1 || clients > 256) {
            throw new IllegalArgumentException("clients must be in [1, 256], got " + clients);
        }
        if (loadRequests < 1 || idleRequests < 1 || warmupRequests < 0) {
            throw new IllegalArgumentException("load and idle requests must be >= 1 and warm-up requests >= 0, got "
                    + loadRequests + ", " + idleRequests + " and " + warmupRequests);
        }
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("time limit must be > 0, got " + timeLimit);
        }
        if (beam < 1) {
            throw new IllegalArgumentException("beam must be >= 1, got " + beam);
        }
        if (translateThreads < 1 || serveThreads < 1) {
            throw new IllegalArgumentException(
                    "threads must be >= 1, got " + translateThreads + " and " + serveThreads);
        }
    }
}
