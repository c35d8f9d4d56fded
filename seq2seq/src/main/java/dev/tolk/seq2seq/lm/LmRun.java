package dev.tolk.seq2seq.lm;

import dev.tolk.eval.Perplexity;
import dev.tolk.eval.Signature;
import dev.tolk.seq2seq.store.Provenance;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A whole language-model training run from a text file to a model directory: read the text (strict UTF-8), hold out
 * its tail for validation, build the character vocabulary from the training head (so validation characters never
 * seen in training are {@code <unk>}, as they would be for new text), train with {@link LmTrainer}, checkpoint to
 * {@code dir/}{@value LmCheckpoint#FILE_NAME}, log every validation to {@code dir/}{@value #VALIDATION_LOG} and write the model to {@code dir/}{@value LmModelFile#FILE_NAME}.
 *
 * <p><b>Resuming.</b> With {@code resume} and a checkpoint in the directory, the run continues from it: the text
 * must be the same file content (SHA-256), the architecture and the computation-relevant training options the same
 * ({@link LmTrainingConfig#sameComputation}); the stopping rule, validation interval and time budget may change.
 */
public final class LmRun {

    /**
     * What a run produced.
     *
     * @param model the model file written
     * @param training the trainer's outcome
     * @param trainCharacters characters in the training head
     * @param validCharacters characters in the validation tail
     * @param resumedFromStep the checkpoint step resumed from, or −1
     */
    public record Outcome(
            LmModelFile model,
            LmTrainer.Result training,
            int trainCharacters,
            int validCharacters,
            long resumedFromStep) {}

    /** The JSON-lines validation log inside the model directory ({@link ValidationLog}). */
    public static final String VALIDATION_LOG = "lm-validation.jsonl";

    private LmRun() {}

    /**
     * @param input the training text (UTF-8)
     * @param dir the model directory (created)
     * @param architecture builds the architecture for the vocabulary size V found in the text
     * @param training the training configuration
     * @param resume whether to continue from the directory's checkpoint if there is one
     * @param listener receives training events
     * @param clock stamps the model's provenance
     * @return the outcome
     * @throws IOException when the text or the checkpoint cannot be read, or the model cannot be written
     * @throws IllegalArgumentException when the text is empty or too short, or the checkpoint does not match
     */
    public static Outcome train(
            Path input,
            Path dir,
            IntFunction<LmConfig> architecture,
            LmTrainingConfig training,
            boolean resume,
            TrainingListener listener,
            Clock clock)
            throws IOException {
        int[] codePoints = Utf8Text.readCodePoints(input);
        if (codePoints.length == 0) {
            throw new IllegalArgumentException(input + ": the text is empty; give a UTF-8 text to learn from");
        }
        String sha = sha256(input);
        Path checkpointFile = dir.resolve(LmCheckpoint.FILE_NAME);
        LmCheckpoint checkpoint = resume && Files.exists(checkpointFile) ? LmCheckpoint.read(checkpointFile) : null;
        LmTrainingConfig effective = training;
        if (checkpoint != null && !checkpoint.corpusSha256().equals(sha)) {
            throw new IllegalArgumentException("cannot resume from " + checkpointFile
                    + ": it was trained on another text"
                    + " (SHA-256 " + checkpoint.corpusSha256().substring(0, 12) + "…, this one " + sha.substring(0, 12)
                    + "…); use the same --input or a new --model-dir");
        }
        if (checkpoint != null && !checkpoint.training().sameComputation(training)) {
            throw new IllegalArgumentException("cannot resume from " + checkpointFile + ": its training options "
                    + checkpoint.training().toJson() + " differ in bptt, batch, lr, clip, valid fraction or seed; "
                    + "restore them or use a new --model-dir");
        }
        int tail = (int) Math.round(codePoints.length * training.validFraction());
        int[] headCodePoints = java.util.Arrays.copyOfRange(codePoints, 0, codePoints.length - tail);
        CharVocabulary vocabulary = checkpoint != null ? checkpoint.vocabulary() : CharVocabulary.build(headCodePoints);
        CharStream[] parts = new CharStream(vocabulary.encode(codePoints)).splitTail(training.validFraction());
        CharStream trainStream = parts[0];
        CharStream validStream = parts[1];
        if (trainStream.length() < 2) {
            throw new IllegalArgumentException(input + ": " + codePoints.length + " character(s) leave "
                    + trainStream.length() + " for training; at least 2 are needed (lower --valid-fraction or give "
                    + "more text)");
        }
        LmConfig config = architecture.apply(vocabulary.size());
        if (checkpoint != null && !checkpoint.config().equals(config)) {
            throw new IllegalArgumentException("cannot resume from " + checkpointFile + ": its architecture "
                    + checkpoint.config().toJson() + " differs from " + config.toJson()
                    + "; restore the options or use a new --model-dir");
        }
        long[] counts = checkpoint != null ? checkpoint.unigramCounts() : counts(trainStream, vocabulary.size());
        CharLanguageModel model = new CharLanguageModel(config, training.seed());
        LmTrainer.LoopPosition from = null;
        if (checkpoint != null) {
            model.importWeights(checkpoint.weights());
            from = new LmTrainer.LoopPosition(
                    checkpoint.step(),
                    checkpoint.epoch(),
                    checkpoint.position(),
                    checkpoint.bestValidNll(),
                    checkpoint.optimizer(),
                    checkpoint.state());
        }
        Files.createDirectories(dir);
        LmTrainer.Checkpointer checkpointer = p -> {
            new LmCheckpoint(
                            config,
                            effective,
                            vocabulary,
                            counts,
                            sha,
                            p.step(),
                            p.epoch(),
                            p.position(),
                            p.bestValidNll(),
                            model.exportWeights(),
                            p.optimizer(),
                            p.state())
                    .write(checkpointFile);
            return checkpointFile;
        };
        Path logFile = dir.resolve(VALIDATION_LOG);
        LmTrainer.Result result;
        try (ValidationLog log = checkpoint == null
                ? ValidationLog.create(logFile, clock)
                : ValidationLog.resume(logFile, checkpoint.step(), clock)) {
            result = new LmTrainer(training, TrainingListener.all(List.of(log, listener)), System::nanoTime)
                    .train(model, trainStream, validStream, from, checkpointer);
        }
        if (result.reason() == StopReason.NON_FINITE) {
            throw new IllegalStateException("training diverged: " + result.detail());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Perplexity v = result.valid();
        metrics.put("valid_ppl", v == null ? Double.NaN : v.value());
        metrics.put("valid_bpc", v == null ? Double.NaN : v.bitsPerToken());
        metrics.put("steps", (double) result.steps());
        LmModelFile file = new LmModelFile(
                config,
                vocabulary,
                counts,
                new Provenance(sha, training.seed(), Signature.tolkVersion(), clock.instant(), metrics),
                model.exportWeights());
        file.write(dir.resolve(LmModelFile.FILE_NAME));
        return new Outcome(
                file, result, trainStream.length(), validStream.length(), checkpoint == null ? -1 : checkpoint.step());
    }

    /** @return occurrences of each id in {@code stream}, length V */
    static long[] counts(CharStream stream, int v) {
        long[] c = new long[v];
        for (int id : stream.ids()) {
            c[id]++;
        }
        return c;
    }

    /** @return the lower-case hex SHA-256 of a file's bytes */
    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
