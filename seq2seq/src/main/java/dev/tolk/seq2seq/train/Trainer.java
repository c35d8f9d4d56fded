package dev.tolk.seq2seq.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.Adam;
import dev.tolk.core.DecayOnPlateau;
import dev.tolk.core.Gemm;
import dev.tolk.core.GradientClipper;
import dev.tolk.core.LearningRateSchedule;
import dev.tolk.core.OptimizerState;
import dev.tolk.core.Parameter;
import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.Column;
import dev.tolk.data.CorpusData;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CsvCorpusReader;
import dev.tolk.data.PairFilter;
import dev.tolk.data.SentencePair;
import dev.tolk.data.batch.Batch;
import dev.tolk.data.batch.BatchPosition;
import dev.tolk.data.batch.Batcher;
import dev.tolk.data.batch.BatcherConfig;
import dev.tolk.data.batch.EncodedPair;
import dev.tolk.data.batch.EpochCursor;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.Perplexity;
import dev.tolk.eval.Signature;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.BestMetric;
import dev.tolk.seq2seq.config.DataConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.config.TableFormat;
import dev.tolk.seq2seq.config.TrainConfig;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.store.AtomicFiles;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.store.CheckpointDirectory;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.store.Provenance;
import dev.tolk.seq2seq.store.RngState;
import dev.tolk.seq2seq.telemetry.CheckpointEvent;
import dev.tolk.seq2seq.telemetry.NonFiniteGuard;
import dev.tolk.seq2seq.telemetry.NonFiniteReport;
import dev.tolk.seq2seq.telemetry.StepEvent;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import dev.tolk.seq2seq.telemetry.ValidationLog;
import dev.tolk.seq2seq.translate.TranslateOptions;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: reads the corpora, learns the tokenizer and vocabularies, batches by token budget, and trains
 * a {@link Seq2SeqModel} with Adam, global-norm gradient clipping and learning-rate decay on plateau; validates
 * every {@code train.validate_every} updates (teacher-forced perplexity and greedy BLEU), keeps the best model by
 * {@code train.best_metric} as {@code model.tolk}, stops early, stops cleanly on NaN/Inf, and writes atomic
 * checkpoints from which {@link #run(boolean, TrainingListener) run(resume = true)} continues bit for bit.
 *
 * <p><b>Model directory.</b> {@code model.tolk} (the best model, with config, tokenizer, vocabularies and
 * provenance), {@code config.yaml} (the effective configuration), {@code validation.jsonl} (one line per
 * validation) and {@code checkpoints/}.
 *
 * <p><b>Determinism.</b> Initialisation, batch order and dropout masks derive from {@code train.seed} (and the
 * update number); the checkpoint holds the weights, Adam's moments and step, the schedule, the batcher position
 * and the early-stopping state, so a resumed run continues exactly as an uninterrupted one. The validation at the
 * very end of a run (after its last checkpoint) only evaluates and keeps the best model: it changes no state a
 * checkpoint holds.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The validation log's file name in the model directory. */
    public static final String VALIDATION_LOG = "validation.jsonl";
    /** The effective configuration's file name in the model directory. */
    public static final String CONFIG_FILE = "config.yaml";

    private final Seq2SeqConfig config;
    private final Path modelDir;
    private final BadRowPolicy badRows;
    private final Consumer<String> warnings;
    private final Clock clock;
    private final java.util.function.BiConsumer<Long, Seq2SeqModel> afterUpdate;

    /**
     * @param config the run's configuration; {@code data.train} and {@code data.valid} must be set
     * @param modelDir where the model, checkpoints and logs go (created)
     * @param badRows what to do with malformed corpus rows
     * @param warnings receives one-line warnings for people (skipped rows, resume notes)
     */
    public Trainer(Seq2SeqConfig config, Path modelDir, BadRowPolicy badRows, Consumer<String> warnings) {
        this(config, modelDir, badRows, warnings, Clock.systemUTC(), (step, model) -> {});
    }

    /** For tests: {@code afterUpdate} sees the model after each update (e.g. to inject a fault). */
    Trainer(
            Seq2SeqConfig config,
            Path modelDir,
            BadRowPolicy badRows,
            Consumer<String> warnings,
            Clock clock,
            java.util.function.BiConsumer<Long, Seq2SeqModel> afterUpdate) {
        this.config = config;
        this.modelDir = modelDir;
        this.badRows = badRows;
        this.warnings = warnings;
        this.clock = clock;
        this.afterUpdate = afterUpdate;
    }

    /** The checkpoint directory of a model directory. */
    public static Path checkpointDir(Path modelDir) {
        return modelDir.resolve("checkpoints");
    }

    /**
     * Trains.
     *
     * @param resume continue from the latest valid checkpoint in the model directory
     * @param listener receives progress, validation, checkpoint and stop events
     * @return the outcome
     * @throws TrainingException on a problem the user can fix
     * @throws IOException when files cannot be read or written
     */
    public TrainResult run(boolean resume, TrainingListener listener) throws IOException {
        return new Run(listener).execute(resume);
    }

    /** Reads a corpus per {@code data.*}. */
    public static CorpusData readCorpus(DataConfig data, Path file, BadRowPolicy policy) {
        CorpusFormat format = CorpusFormat.builder(
                        data.format() == TableFormat.TSV ? CorpusFormat.Kind.TSV : CorpusFormat.Kind.CSV)
                .header(data.header())
                .source(Column.parse(data.sourceColumn().trim()))
                .target(Column.parse(data.targetColumn().trim()))
                .build();
        return new CsvCorpusReader(format, PairFilter.NONE, policy).readAll(file);
    }

    /** Lower-case hex SHA-256 of a file. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The state of one run. */
    private final class Run {
        private final TrainingListener listener;
        private final TrainConfig tc = config.train();
        private TextEncoding encoding;
        private Seq2SeqModel model;
        private Adam optimizer;
        private GradientClipper clipper;
        private LearningRateSchedule schedule;
        private Batcher batcher;
        private List<TokenBatch> validBatches;
        private List<SentencePair> validPairs;
        private CheckpointDirectory checkpoints;
        private ValidationLog log;
        private String corpusSha;
        private long step;
        private int epoch;
        private double best = Double.NaN;
        private long bestStep = -1;
        private int badValidations;
        private boolean lastValidationBest;
        private long lastCheckpointStep = -1;
        private Map<String, Double> bestMetrics = Map.of();
        private Map<String, Double> lastMetrics = Map.of();
        private long tokensThisRun;
        private long stepsThisRun;

        Run(TrainingListener listener) {
            this.listener = listener;
        }

        TrainResult execute(boolean resume) throws IOException {
            Instant started = clock.instant();
            DataConfig data = config.data();
            if (data.train() == null || data.valid() == null) {
                throw new TrainingException("no " + (data.train() == null ? "training" : "validation")
                        + " corpus: set --" + (data.train() == null ? "train" : "valid") + " (or data."
                        + (data.train() == null ? "train" : "valid") + " in the config file)");
            }
            Gemm.get().setThreads(tc.effectiveThreads());
            Path trainFile = Path.of(data.train());
            Path validFile = Path.of(data.valid());
            CorpusData train = readCorpus(data, trainFile, badRows);
            train.report().summaryLine("see --bad-rows=error").ifPresent(warnings);
            CorpusData valid = readCorpus(data, validFile, badRows);
            valid.report().summaryLine("see --bad-rows=error").ifPresent(warnings);
            if (train.pairs().isEmpty() || valid.pairs().isEmpty()) {
                throw new TrainingException((train.pairs().isEmpty() ? trainFile : validFile) + ": no sentence pairs; "
                        + "check data.source_column / data.target_column and the file's header");
            }
            corpusSha = sha256(trainFile);
            encoding = TextEncoding.learn(train.pairs(), data);
            LOG.info(
                    "vocabularies: source {} symbols, target {} symbols{}",
                    encoding.sourceVocabulary().size(),
                    encoding.targetVocabulary().size(),
                    encoding.shared() ? " (shared)" : "");
            List<EncodedPair> examples = new ArrayList<>();
            int tooLong = 0;
            int longest = 0;
            for (SentencePair p : train.pairs()) {
                List<String> s = encoding.sourcePieces(p.source());
                List<String> t = encoding.targetPieces(p.target());
                if (s.isEmpty() || t.isEmpty() || s.size() > data.maxLength() || t.size() > data.maxLength()) {
                    tooLong++;
                    continue;
                }
                EncodedPair e = new EncodedPair(encoding.encodeSource(s), encoding.encodeTarget(t));
                longest = Math.max(longest, e.sourceLength() + e.targetLength());
                examples.add(e);
            }
            if (tooLong > 0) {
                warnings.accept(trainFile + ": " + tooLong + " pairs longer than data.max_length=" + data.maxLength()
                        + " symbols skipped");
            }
            if (examples.isEmpty()) {
                throw new TrainingException(
                        trainFile + ": every pair is longer than data.max_length=" + data.maxLength() + "; raise it");
            }
            if (longest > tc.batchTokens()) {
                throw new TrainingException(
                        "train.batch_tokens=" + tc.batchTokens() + " is smaller than the longest " + "training pair ("
                                + longest + " symbols with </s>); raise train.batch_tokens or lower data.max_length");
            }
            batcher = new Batcher(
                    examples,
                    BatcherConfig.builder()
                            .maxTokens(tc.batchTokens())
                            .seed(tc.seed())
                            .shuffle(true)
                            .build());
            validPairs = valid.pairs();
            validBatches = validationBatches(valid.pairs());
            model = new Seq2SeqModel(
                    config.model(),
                    encoding.sourceVocabulary().size(),
                    encoding.targetVocabulary().size(),
                    tc.seed());
            LOG.info(
                    "model: {} parameters; {} training pairs in {} batches per epoch",
                    model.parameterCount(),
                    examples.size(),
                    batcher.plan(0).size());
            optimizer = new Adam(model.parameters(), (float) tc.lr());
            clipper = tc.clipNorm() > 0 ? new GradientClipper(tc.clipNorm()) : null;
            schedule = tc.lrDecayFactor() < 1
                    ? new DecayOnPlateau(
                            (float) tc.lr(), (float) tc.lrDecayFactor(), tc.lrPatience(), (float) tc.minLr(), 1e-4)
                    : LearningRateSchedule.constant((float) tc.lr());
            Files.createDirectories(modelDir);
            checkpoints = new CheckpointDirectory(checkpointDir(modelDir), tc.keepCheckpoints(), warnings);
            BatchPosition position = null;
            if (resume) {
                Optional<Checkpoint> latest = checkpoints.loadLatest();
                if (latest.isEmpty()) {
                    throw new TrainingException(checkpointDir(modelDir)
                            + ": no valid checkpoint to resume from; run without " + "--resume to start a new run");
                }
                position = restore(latest.get());
                log = ValidationLog.resume(modelDir.resolve(VALIDATION_LOG), step, clock);
                warnings.accept("resuming from the checkpoint at step " + step + " (epoch " + (epoch + 1) + ")");
            } else {
                if (!checkpoints.steps().isEmpty()) {
                    throw new TrainingException(
                            checkpointDir(modelDir) + " already holds checkpoints of a run; pass --resume "
                                    + "to continue it, or choose another --model-dir");
                }
                log = ValidationLog.create(modelDir.resolve(VALIDATION_LOG), clock);
            }
            AtomicFiles.writeString(modelDir.resolve(CONFIG_FILE), config.toYaml());
            TrainingListener all = TrainingListener.all(List.of(log, listener));
            StopEvent stop;
            try {
                stop = loop(position, all);
                if (stop.reason() != StopReason.NON_FINITE) {
                    if (lastCheckpointStep != step) {
                        checkpoint(position(), all);
                    }
                    if (!lastMetrics.containsKey("step") || lastMetrics.get("step") != step) {
                        validate(all, false);
                    }
                }
                if (!Files.exists(modelDir.resolve(ModelFile.FILE_NAME))) {
                    writeModel(lastMetrics);
                }
                all.onStop(stop);
            } finally {
                log.close();
            }
            Duration elapsed = Duration.between(started, clock.instant());
            double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
            return new TrainResult(
                    step,
                    epoch,
                    stop.reason(),
                    stop.detail(),
                    modelDir.resolve(ModelFile.FILE_NAME),
                    bestMetrics,
                    lastMetrics,
                    tokensThisRun / seconds,
                    elapsed,
                    model.parameterCount());
        }

        private BatchPosition currentPosition;

        private BatchPosition position() {
            return currentPosition;
        }

        private StopEvent loop(BatchPosition resumeFrom, TrainingListener all) throws IOException {
            int perEpoch = batcher.plan(0).size();
            long planned = (long) tc.epochs() * perEpoch;
            if (tc.maxSteps() > 0) {
                planned = Math.min(planned, tc.maxSteps());
            }
            long windowStart = System.nanoTime();
            long windowTokens = 0;
            long runStart = System.nanoTime();
            EpochCursor cursor = resumeFrom != null ? batcher.resume(resumeFrom) : batcher.epoch(epoch);
            currentPosition = cursor.position();
            while (true) {
                if (!cursor.hasNext()) {
                    if (epoch + 1 >= tc.epochs()) {
                        return new StopEvent(step, StopReason.EPOCHS_DONE, tc.epochs() + " epochs done");
                    }
                    epoch++;
                    cursor = batcher.epoch(epoch);
                    currentPosition = cursor.position();
                    continue;
                }
                if (tc.maxSteps() > 0 && step >= tc.maxSteps()) {
                    return new StopEvent(
                            step, StopReason.MAX_STEPS, "train.max_steps=" + tc.maxSteps() + " updates done");
                }
                Batch batch = cursor.next();
                TokenBatch tb = TokenBatch.of(batch);
                long next = step + 1;
                optimizer.zeroGrad();
                SoftmaxCrossEntropy.Loss loss = model.trainStep(tb, next);
                double norm = clipper != null
                        ? clipper.clip(model.parameters())
                        : GradientClipper.globalNorm(model.parameters());
                double mean = loss.mean();
                if (!Double.isFinite(mean) || !Double.isFinite(norm)) {
                    NonFiniteReport report = nonFinite(mean, norm);
                    String detail =
                            "update " + next + ": " + report.message() + "; the update was not applied; the last good "
                                    + "checkpoint and the best model are kept (lower train.lr or check the data)";
                    LOG.error(detail);
                    return new StopEvent(step, StopReason.NON_FINITE, detail);
                }
                optimizer.step();
                step = next;
                afterUpdate.accept(step, model);
                currentPosition = cursor.position();
                int tokens = tb.tokens();
                tokensThisRun += tokens;
                stepsThisRun++;
                windowTokens += tokens;
                long now = System.nanoTime();
                double windowSeconds = (now - windowStart) / 1e9;
                double tps = windowSeconds > 0 ? windowTokens / windowSeconds : 0;
                if (windowSeconds > 2) {
                    windowStart = now;
                    windowTokens = 0;
                }
                double perStep = (now - runStart) / 1e9 / stepsThisRun;
                Duration eta = Duration.ofMillis((long) (Math.max(0, planned - step) * perStep * 1000));
                all.onStep(new StepEvent(step, epoch, tps, mean, Math.exp(mean), optimizer.learningRate(), norm, eta));
                if (step % tc.validateEvery() == 0) {
                    if (validate(all, true)) {
                        if (step % tc.checkpointEvery() == 0) {
                            checkpoint(currentPosition, all);
                        }
                        return new StopEvent(
                                step,
                                StopReason.EARLY_STOPPING,
                                "no improvement of " + metricName() + " in " + tc.earlyStoppingPatience()
                                        + " validations");
                    }
                }
                if (step % tc.checkpointEvery() == 0) {
                    checkpoint(currentPosition, all);
                }
            }
        }

        private NonFiniteReport nonFinite(double loss, double norm) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("loss", loss);
            values.put("grad_norm", norm);
            Map<String, float[]> buffers = new LinkedHashMap<>();
            for (Parameter p : model.parameters()) {
                buffers.put("grad/" + p.name(), p.grad().toArray());
                buffers.put("weight/" + p.name(), p.value().toArray());
            }
            return NonFiniteGuard.scan(values, buffers);
        }

        private String metricName() {
            return tc.bestMetric() == BestMetric.BLEU ? "bleu" : "ppl";
        }

        /**
         * Validates; with {@code update} also updates the schedule and early stopping. Returns true when early
         * stopping triggers.
         */
        private boolean validate(TrainingListener all, boolean update) throws IOException {
            double nll = 0;
            long tokens = 0;
            for (TokenBatch b : validBatches) {
                SoftmaxCrossEntropy.Loss l = model.loss(b);
                nll += l.sum();
                tokens += l.tokens();
            }
            Perplexity ppl = Perplexity.of(nll, tokens);
            Translator translator = new Translator(config, encoding, model);
            List<String> sources = validPairs.stream().map(SentencePair::source).toList();
            List<TranslationResult> hyps = translator.translate(
                    sources, TranslateOptions.of(config.decode()).greedy().withBatchSize(64), "valid", w -> {});
            List<String> refs = validPairs.stream()
                    .map(p -> encoding.normalizeTarget(p.target()))
                    .toList();
            double bleu = new Bleu(BleuConfig.corpusDefaults())
                    .corpusScore(
                            hyps.stream().map(TranslationResult::translation).toList(), List.of(refs))
                    .score();
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", ppl.nllPerToken());
            metrics.put("ppl", ppl.value());
            metrics.put("bleu", bleu);
            double value = tc.bestMetric() == BestMetric.BLEU ? bleu : ppl.value();
            boolean improved = Double.isNaN(best) || (tc.bestMetric() == BestMetric.BLEU ? value > best : value < best);
            if (improved) {
                best = value;
                bestStep = step;
                bestMetrics = metrics;
                writeModel(metrics);
            }
            lastValidationBest = improved;
            Map<String, Double> withStep = new LinkedHashMap<>(metrics);
            withStep.put("step", (double) step);
            lastMetrics = withStep;
            boolean stop = false;
            if (update) {
                badValidations = improved ? 0 : badValidations + 1;
                double lossLike = tc.bestMetric() == BestMetric.BLEU ? -bleu : ppl.value();
                if (schedule.observe(lossLike)) {
                    optimizer.setLearningRate(schedule.rate());
                    LOG.info("learning rate decayed to {}", schedule.rate());
                }
                stop = tc.earlyStoppingPatience() > 0 && badValidations >= tc.earlyStoppingPatience();
            }
            LOG.debug(
                    "validation at step {}: ppl {} bleu {}{}",
                    step,
                    String.format("%.3f", ppl.value()),
                    String.format("%.2f", bleu),
                    improved ? " (best)" : "");
            all.onValidation(new ValidationEvent(step, epoch, metrics, improved, optimizer.learningRate()));
            return stop;
        }

        private void writeModel(Map<String, Double> metrics) throws IOException {
            Map<String, Double> m = new LinkedHashMap<>();
            metrics.forEach((k, v) -> {
                if (!k.equals("step")) {
                    m.put("valid_" + k, v);
                }
            });
            m.put("step", (double) step);
            Provenance prov = new Provenance(corpusSha, tc.seed(), Signature.tolkVersion(), clock.instant(), m);
            new ModelFile(config, encoding.vocabulariesJson(), encoding.tokenizerJson(), prov, model.exportWeights())
                    .write(modelDir.resolve(ModelFile.FILE_NAME));
        }

        private void checkpoint(BatchPosition pos, TrainingListener all) throws IOException {
            OptimizerState os = optimizer.exportState();
            List<NamedTensor> opt = new ArrayList<>();
            os.arrays().forEach((k, v) -> opt.add(new NamedTensor(k, new int[] {v.length}, v)));
            ObjectNode sched = JSON.createObjectNode();
            sched.put("learning_rate_bits", Float.floatToRawIntBits(optimizer.learningRate()));
            ArrayNode state = sched.putArray("state_bits");
            for (double d : schedule.exportState()) {
                state.add(Double.doubleToRawLongBits(d));
            }
            ObjectNode dataPos = JSON.createObjectNode();
            dataPos.put("epoch", pos.epoch());
            dataPos.put("batch", pos.batch());
            dataPos.put("seed", pos.seed());
            dataPos.put("fingerprint", pos.fingerprint());
            ObjectNode trainer = JSON.createObjectNode();
            trainer.put("optimizer", os.kind());
            trainer.put("best_bits", Double.doubleToRawLongBits(best));
            trainer.put("best_step", bestStep);
            trainer.put("bad_validations", badValidations);
            Checkpoint ck = new Checkpoint(
                    config,
                    step,
                    epoch,
                    model.exportWeights(),
                    opt,
                    os.step(),
                    sched,
                    dataPos,
                    new RngState(tc.seed(), Map.of()),
                    trainer);
            Path file = checkpoints.save(ck, lastValidationBest && bestStep == step);
            lastCheckpointStep = step;
            all.onCheckpoint(new CheckpointEvent(step, file, lastValidationBest && bestStep == step));
        }

        private BatchPosition restore(Checkpoint ck) {
            for (String d : ck.checkResumableWith(config)) {
                warnings.accept("resuming with a changed setting: " + d);
            }
            try {
                model.importWeights(ck.weights());
                Map<String, float[]> arrays = new LinkedHashMap<>();
                ck.optimizerState().forEach(t -> arrays.put(t.name(), t.values()));
                JsonNode sched = ck.schedule();
                float lr = Float.intBitsToFloat(sched.path("learning_rate_bits").asInt());
                optimizer.importState(new OptimizerState(
                        ck.trainerState().path("optimizer").asText("adam"), ck.optimizerStep(), lr, arrays));
                JsonNode bits = sched.path("state_bits");
                double[] state = new double[bits.size()];
                for (int i = 0; i < state.length; i++) {
                    state[i] = Double.longBitsToDouble(bits.get(i).asLong());
                }
                schedule.importState(state);
                JsonNode tr = ck.trainerState();
                best = Double.longBitsToDouble(tr.path("best_bits").asLong(Double.doubleToRawLongBits(Double.NaN)));
                bestStep = tr.path("best_step").asLong(-1);
                badValidations = tr.path("bad_validations").asInt(0);
                step = ck.step();
                epoch = ck.epoch();
                lastCheckpointStep = step;
                JsonNode dp = ck.dataPosition();
                return new BatchPosition(
                        dp.path("epoch").asInt(),
                        dp.path("batch").asInt(),
                        dp.path("seed").asLong(),
                        dp.path("fingerprint").asLong());
            } catch (IllegalArgumentException e) {
                throw new TrainingException(
                        "cannot resume from the checkpoint at step " + ck.step() + ": " + e.getMessage()
                                + "; the corpus or vocabulary settings changed since it was written (start a new run)",
                        e);
            }
        }

        private List<TokenBatch> validationBatches(List<SentencePair> pairs) {
            List<EncodedPair> enc = new ArrayList<>();
            int longest = 2;
            for (SentencePair p : pairs) {
                List<String> s = encoding.sourcePieces(p.source());
                List<String> t = encoding.targetPieces(p.target());
                EncodedPair e = new EncodedPair(encoding.encodeSource(s), encoding.encodeTarget(t));
                longest = Math.max(longest, e.sourceLength() + e.targetLength());
                enc.add(e);
            }
            Batcher vb = new Batcher(
                    enc,
                    BatcherConfig.builder()
                            .maxTokens(Math.max(longest, tc.batchTokens()))
                            .shuffle(false)
                            .seed(tc.seed())
                            .build());
            List<TokenBatch> out = new ArrayList<>();
            EpochCursor c = vb.epoch(0);
            while (c.hasNext()) {
                out.add(TokenBatch.of(c.next()));
            }
            return out;
        }
    }
}
