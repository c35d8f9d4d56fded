package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tolk.seq2seq.telemetry.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainResultTest {
    @Test
    void theSummaryAsJsonNamesEveryFieldOnce() {
        Map<String, Double> best = new LinkedHashMap<>();
        best.put("ppl", 3.5);
        best.put("bleu", 21.25);
        TrainResult r = new TrainResult(
                1200,
                2,
                StopReason.MAX_STEPS,
                "reached train.max_steps = 1200",
                Path.of("m", "model.tolk"),
                best,
                Map.of("ppl", 3.75),
                1234.56,
                Duration.ofMillis(61_500),
                98_765,
                null);
        assertEquals(
                "{\"steps\":1200,\"epochs\":3,\"stop_reason\":\"max_steps\",\"detail\":\"reached train.max_steps = 1200\","
                        + "\"model\":\"" + Path.of("m", "model.tolk") + "\",\"parameters\":98765,"
                        + "\"best\":{\"ppl\":3.5,\"bleu\":21.25},\"last\":{\"ppl\":3.75},"
                        + "\"train_tokens_per_sec\":1235,\"elapsed_sec\":61.5}",
                r.toJson().toString());
    }
}
