package dev.tolk.seq2seq.telemetry;

import java.time.Duration;

/**
 * Progress after one update.
 *
 * @param step updates done, &ge; 1
 * @param epoch the current epoch, 0-based
 * @param tokensPerSecond training throughput (source plus target tokens)
 * @param loss mean training loss per target token of this update
 * @param perplexity {@code exp(loss)}
 * @param learningRate the rate used for this update
 * @param gradNorm global gradient norm before clipping
 * @param eta estimated remaining time, or null when unknown
 */
public record StepEvent(
        long step,
        int epoch,
        double tokensPerSecond,
        double loss,
        double perplexity,
        double learningRate,
        double gradNorm,
        Duration eta) {}
