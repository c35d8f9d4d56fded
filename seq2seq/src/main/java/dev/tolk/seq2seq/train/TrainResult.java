package dev.tolk.seq2seq.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.telemetry.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
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
        Path lastCheckpoint) {
    /**
     * The summary for machines: {@code steps}, {@code epochs} (1-based count), {@code stop_reason} (lower case),
     * {@code detail}, {@code model}, {@code parameters}, {@code best} and {@code last} metrics,
     * {@code train_tokens_per_sec} (rounded) and {@code elapsed_sec}.
     */
    public ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("steps", steps);
        o.put("epochs", epoch + 1);
        o.put("stop_reason", reason.name().toLowerCase(Locale.ROOT));
        o.put("detail", detail);
        o.put("model", modelFile.toString());
        o.put("parameters", parameters);
        ObjectNode best = o.putObject("best");
        bestMetrics.forEach(best::put);
        ObjectNode last = o.putObject("last");
        finalMetrics.forEach(last::put);
        o.put("train_tokens_per_sec", Math.round(trainTokensPerSecond));
        o.put("elapsed_sec", elapsed.toMillis() / 1000.0);
        return o;
    }
}
