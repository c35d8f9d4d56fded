package dev.tolk.seq2seq.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.data.AtomicFile;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * A machine-readable log of every validation: one JSON object per line, flushed at once, e.g.
 * {@code {"step":1000,"epoch":0,"time":"2025-01-01T00:00:00Z","lr":0.001,"best":true,"metrics":{"ppl":41.2,"bleu":3.1}}}.
 * Non-finite metrics are written as null. When a run resumes from a checkpoint, entries after the checkpoint's
 * step are dropped first, so the log matches an uninterrupted run.
 */
public final class ValidationLog implements TrainingListener, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private final Clock clock;

    private ValidationLog(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.out = Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /**
     * Starts a new log, replacing any existing file.
     *
     * @param file the log file
     * @param clock supplies the {@code time} field
     * @return the log
     * @throws IOException when the file cannot be created
     */
    public static ValidationLog create(Path file, Clock clock) throws IOException {
        AtomicFile.writeString(file, "");
        return new ValidationLog(file, clock);
    }

    /**
     * Continues a log after resuming at {@code step}: keeps the entries with a step &le; {@code step} and drops the
     * rest (including a torn last line from a killed run).
     *
     * @param file the log file (created when missing)
     * @param step the step the run resumes from
     * @param clock supplies the {@code time} field
     * @return the log
     * @throws IOException when the file cannot be read or rewritten
     */
    public static ValidationLog resume(Path file, long step, Clock clock) throws IOException {
        StringBuilder kept = new StringBuilder();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null
                            && n.path("step").isIntegralNumber()
                            && n.get("step").longValue() <= step) {
                        kept.append(line).append('\n');
                    }
                } catch (JsonProcessingException e) {
                    // a line torn by a kill: dropped
                }
            }
        }
        AtomicFile.writeString(file, kept.toString());
        return new ValidationLog(file, clock);
    }

    /** @return the log file */
    public Path file() {
        return file;
    }

    @Override
    public void onValidation(ValidationEvent event) {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", event.step());
        o.put("epoch", event.epoch());
        o.put("time", clock.instant().toString());
        putFinite(o, "lr", event.learningRate());
        o.put("best", event.best());
        ObjectNode m = o.putObject("metrics");
        event.metrics().forEach((k, v) -> putFinite(m, k, v));
        try {
            out.write(JSON.writeValueAsString(o));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append to the validation log", e);
        }
    }

    private static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
