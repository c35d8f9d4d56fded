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
import java.util.List;

/**
 * A machine-readable log of every update, for plotting training curves: one JSON object per line, e.g.
 * {@code {"step":12,"epoch":0,"loss":3.71,"ppl":40.8,"lr":0.003,"grad_norm":1.9,"tokens_per_sec":5120.0}}.
 * Each line is flushed when written (an update takes far longer than the write). Non-finite values are written as
 * null. When a run resumes from a checkpoint, entries after the
 * checkpoint's step are dropped first, so the log matches an uninterrupted run.
 */
public final class StepLog implements TrainingListener, Closeable {
    /** The file name inside a model directory. */
    public static final String FILE_NAME = "steps.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    private StepLog(Path file) throws IOException {
        this.file = file;
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
     * @return the log
     * @throws IOException when the file cannot be created
     */
    public static StepLog create(Path file) throws IOException {
        AtomicFile.writeString(file, "");
        return new StepLog(file);
    }

    /**
     * Continues a log after resuming at {@code step}: keeps the entries with a step &le; {@code step} and drops the
     * rest (including a torn last line from a killed run).
     *
     * @param file the log file (created when missing)
     * @param step the step the run resumes from
     * @return the log
     * @throws IOException when the file cannot be read or rewritten
     */
    public static StepLog resume(Path file, long step) throws IOException {
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
        return new StepLog(file);
    }

    /** @return the log file */
    public Path file() {
        return file;
    }

    @Override
    public void onStep(StepEvent event) {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", event.step());
        o.put("epoch", event.epoch());
        putFinite(o, "loss", event.loss());
        putFinite(o, "ppl", event.perplexity());
        putFinite(o, "lr", event.learningRate());
        putFinite(o, "grad_norm", event.gradNorm());
        putFinite(o, "tokens_per_sec", event.tokensPerSecond());
        try {
            out.write(JSON.writeValueAsString(o));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append to the step log", e);
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
