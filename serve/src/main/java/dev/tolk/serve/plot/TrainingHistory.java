package dev.tolk.serve.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.seq2seq.telemetry.StepLog;
import dev.tolk.seq2seq.train.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training run logged, read from its model directory: every update from {@value StepLog#FILE_NAME} and every
 * validation from {@value Trainer#VALIDATION_LOG}. Values a log lacks (or wrote as null) are NaN.
 *
 * @param modelDir the directory read
 * @param steps one entry per update, in step order
 * @param validations one entry per validation, in step order
 */
public record TrainingHistory(Path modelDir, List<Step> steps, List<Validation> validations) {

    /**
     * One update.
     *
     * @param step the update's number
     * @param loss the training loss per target token
     * @param perplexity {@code exp(loss)}
     * @param learningRate the rate used
     */
    public record Step(long step, double loss, double perplexity, double learningRate) {}

    /**
     * One validation.
     *
     * @param step updates done
     * @param loss validation loss per target token
     * @param perplexity validation perplexity
     * @param bleu validation BLEU
     * @param learningRate the rate after the validation
     */
    public record Validation(long step, double loss, double perplexity, double bleu, double learningRate) {}

    /** Copies the lists. */
    public TrainingHistory {
        steps = List.copyOf(steps);
        validations = List.copyOf(validations);
    }

    /**
     * @param modelDir a directory written by {@code tolk train} or {@code tolk quickstart}
     * @return its history
     * @throws IOException when neither log exists, or a line is not valid JSON (the message names file, line and
     *     column)
     */
    public static TrainingHistory read(Path modelDir) throws IOException {
        Path stepFile = modelDir.resolve(StepLog.FILE_NAME);
        Path validationFile = modelDir.resolve(Trainer.VALIDATION_LOG);
        if (!Files.isDirectory(modelDir)) {
            throw new IOException(modelDir + ": not a directory; give the --model-dir of a training run");
        }
        if (!Files.exists(stepFile) && !Files.exists(validationFile)) {
            throw new IOException(modelDir + ": holds neither " + StepLog.FILE_NAME + " nor " + Trainer.VALIDATION_LOG
                    + "; give the --model-dir of a training run");
        }
        List<Step> steps = new ArrayList<>();
        for (JsonNode n : lines(stepFile)) {
            steps.add(new Step(n.get("step").longValue(), number(n, "loss"), number(n, "ppl"), number(n, "lr")));
        }
        List<Validation> validations = new ArrayList<>();
        for (JsonNode n : lines(validationFile)) {
            JsonNode m = n.path("metrics");
            validations.add(new Validation(
                    n.get("step").longValue(),
                    number(m, "loss"),
                    number(m, "ppl"),
                    number(m, "bleu"),
                    number(n, "lr")));
        }
        return new TrainingHistory(modelDir, steps, validations);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON objects of a log, one per line; a missing file has none. */
    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            while (true) {
                String line;
                try {
                    line = in.readLine();
                } catch (CharacterCodingException e) {
                    throw new IOException(file + ":" + (number + 1) + ": not valid UTF-8", e);
                }
                if (line == null) {
                    break;
                }
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IOException(
                            file + ":" + number + ":" + e.getLocation().getColumnNr() + ": not a JSON " + "object ("
                                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
                }
                if (n == null || !n.isObject() || !n.path("step").isIntegralNumber()) {
                    throw new IOException(file + ":" + number + ":1: expected an object with an integer \"step\"");
                }
                out.add(n);
            }
        }
        return out;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : Double.NaN;
    }
}
