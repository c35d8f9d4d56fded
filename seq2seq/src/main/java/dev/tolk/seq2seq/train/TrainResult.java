package dev.tolk.seq2seq.train;

import dev.tolk.seq2seq.telemetry.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The outcome of {@link Trainer#run}.
 *
 * @param steps updates done in all (including those before a resume)
 * @param epoch the epoch the run ended in (0-based)
 * @param reason why it ended
 * @param detail one line for people
 * @param modelFile the best model written ({@code model.tolk})
 * @param bestMetrics the validation metrics of that model ({@code loss}, {@code ppl}, {@code bleu})
 * @param finalMetrics the metrics of the last validation
 * @param trainTokensPerSecond average source + target tokens per second of this process's updates
 * @param elapsed wall time of this process's run
 * @param parameters trainable values in the model
 * @param lastCheckpoint the last checkpoint written by this process, or null when it wrote none
 */
public record TrainResult(
        long steps,
        int epoch,
        StopReason reason,
        String detail,
        Path modelFile,
        Map<String, Double> bestMetrics,
        Map<String, Double> finalMetrics,
        double trainTokensPerSecond,
        Duration elapsed,
        long parameters,
        Path lastCheckpoint) {}
