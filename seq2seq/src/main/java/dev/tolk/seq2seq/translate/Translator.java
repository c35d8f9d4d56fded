package dev.tolk.seq2seq.translate;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.Attention;
import dev.tolk.seq2seq.io.Hypothesis;
import dev.tolk.seq2seq.io.LengthGuard;
import dev.tolk.seq2seq.io.SortedBatches;
import dev.tolk.seq2seq.io.SourceRecord;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.search.BeamSearch;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.Ensemble;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.ModelDecoder;
import dev.tolk.seq2seq.search.SourceBatch;
import dev.tolk.seq2seq.search.StepDecoder;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.ModelFormatException;
import dev.tolk.tokenizer.Vocabulary;
import dev.tolk.tokenizer.Whitespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Records in, records out ({@link #translate(TranslationInput, TranslationOutput, DecodeConfig, Batching, Consumer)}):
 * the one translation loop of Tolk, used by {@code tolk translate} and usable by a server or a batch job.
 * Preprocesses each input as the model was trained ({@link TextEncoding}), keeps it within
 * {@code max_input_tokens} ({@link LengthGuard}: chunks translated separately and joined with a space, or
 * truncation, with a {@link TranslationWarning} carrying the record), decodes batches of similar length
 * ({@link SortedBatches}; results in input order) with {@link GreedySearch} or {@link BeamSearch}, optionally
 * replaces {@code <unk>} by the most-attended source symbol, and detokenizes. An empty (blank) input gives an empty
 * translation without calling the model. Several models decode as an {@link Ensemble} (log-probabilities averaged
 * per step); a right-to-left model's outputs ({@code data.target_order = r2l}) are turned around before
 * detokenizing. Not thread-safe: one translator per thread.
 *
 * <p><b>Precision.</b> A translator computes its matrix products at one {@link Precision} (default
 * {@link Precision#FP32}; {@link Precision#BF16} and {@link Precision#INT8} where the backend supports them, see
 * {@link Gemm#supports(Precision)}). The weights stay float32 in the model; the backend converts (bf16) or quantises
 * (int8, per output channel) each weight the first time a product uses it and keeps that form until the weight
 * changes, so a loaded model's weights are converted once, not per sentence. The precision is the process-wide
 * backend's setting ({@link Gemm#setPrecision(Precision)}): translating sets it for the duration of the call and
 * restores the previous one afterwards, so translators of different precisions (and a training run) may take turns
 * in one process, not run concurrently. For a fixed backend, precision and thread count the translations are
 * bit-identical from run to run.
 */
public final class Translator {
    private final Seq2SeqConfig config;
    private final TextEncoding encoding;
    private final Seq2SeqModel model;
    private final Precision precision;
    private final StepDecoder decoder;

    /** A float32 translator over an existing model (e.g. during training) and its encoding. */
    public Translator(Seq2SeqConfig config, TextEncoding encoding, Seq2SeqModel model) {
        this(config, encoding, List.of(model), Precision.FP32);
    }

    /**
     * A translator over one model or an ensemble of several, which must share {@code encoding} (see
     * {@link #load(List, Precision)} for the check on files), computing products at {@code precision}; the first
     * model's {@code config} gives the decoding defaults.
     *
     * @throws IllegalArgumentException when the matrix-product backend cannot compute {@code precision} here
     */
    public Translator(Seq2SeqConfig config, TextEncoding encoding, List<Seq2SeqModel> models, Precision precision) {
        this.config = config;
        this.encoding = encoding;
        this.model = models.get(0);
        this.decoder = models.size() == 1 ? new ModelDecoder(model) : Ensemble.of(models);
        this.precision = Objects.requireNonNull(precision, "precision");
        Gemm gemm = Gemm.get();
        if (!gemm.supports(precision)) {
            gemm.setPrecision(precision); // throws, saying why and which precisions are available
            throw new IllegalArgumentException(gemm.name() + " does not compute " + precision + " products here");
        }
    }

    /**
     * Loads one model file, or several as an ensemble whose next-token distribution at every step is the average
     * of the models' log-probabilities ({@link Ensemble}), for translation at {@code precision}; decoding settings
     * ({@code decode.*}) come from the first.
     *
     * @throws IncompatibleModelsException naming the files when the tokenizers, vocabularies or target orders
     *     differ
     * @throws ModelFormatException when a file is not a valid model or does not match its configuration
     * @throws IOException when a file cannot be read
     */
    public static Translator load(List<Path> modelPaths, Precision precision) throws IOException {
        if (modelPaths.isEmpty()) {
            throw new IllegalArgumentException("Translator.load: no model files");
        }
        Translator first = load(modelPaths.get(0), precision);
        if (modelPaths.size() == 1) {
            return first;
        }
        List<Seq2SeqModel> models = new ArrayList<>(List.of(first.model));
        for (Path p : modelPaths.subList(1, modelPaths.size())) {
            Translator t = load(p, precision);
            EnsembleMembers.requireSameEncoding(modelPaths.get(0), first.encoding, p, t.encoding);
            models.add(t.model);
        }
        return new Translator(first.config, first.encoding, models, precision);
    }

    /**
     * A translator over an existing model and its encoding, computing products at {@code precision}.
     *
     * @throws IllegalArgumentException when the matrix-product backend cannot compute {@code precision} here (the
     *     message says what is available)
     */
    public Translator(Seq2SeqConfig config, TextEncoding encoding, Seq2SeqModel model, Precision precision) {
        this(config, encoding, List.of(model), precision);
    }

    /**
     * Loads a model file (or directory holding {@code model.tolk}) for float32 translation.
     *
     * @throws ModelFormatException when the file is not a valid model or does not match its configuration
     * @throws IOException when it cannot be read
     */
    public static Translator load(Path modelPath) throws IOException {
        return load(modelPath, Precision.FP32);
    }

    /**
     * Loads a model file (or directory holding {@code model.tolk}) for translation at {@code precision}.
     *
     * @throws ModelFormatException when the file is not a valid model or does not match its configuration
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when the backend cannot compute {@code precision} on this machine
     */
    public static Translator load(Path modelPath, Precision precision) throws IOException {
        Objects.requireNonNull(precision, "precision");
        ModelFile file = ModelFile.read(modelPath);
        Path resolved = ModelFile.resolve(modelPath);
        TextEncoding enc;
        Seq2SeqModel m;
        try {
            enc = TextEncoding.fromJson(file.tokenizer(), file.vocabularies());
            m = new Seq2SeqModel(
                    file.config().model(),
                    enc.sourceVocabulary().size(),
                    enc.targetVocabulary().size(),
                    file.provenance().seed());
            m.importWeights(file.weights());
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.corrupt(resolved, e.getMessage());
        }
        return new Translator(file.config(), enc, m, precision);
    }

    /** The number format of this translator's matrix products. */
    public Precision precision() {
        return precision;
    }

    public Seq2SeqConfig config() {
        return config;
    }

    public TextEncoding encoding() {
        return encoding;
    }

    /** The model, or the first model of an ensemble. */
    public Seq2SeqModel model() {
        return model;
    }

    /** The model or ensemble as the searches see it. */
    StepDecoder decoder() {
        return decoder;
    }

    /** The model's {@code decode.*} settings. */
    public DecodeConfig decodeConfig() {
        return config.decode();
    }

    /**
     * Translates every record of {@code input} into {@code output}: exactly one result per record, in input order.
     * Records are read in blocks ({@link Batching#blockSize()}); within a block, each distinct text is translated
     * once (so identical inputs get identical translations and scores) in batches of similar length. With
     * {@link Batching#streaming()}, each record is translated and written as soon as it is read, and the output is
     * flushed after it. Attention weights are computed when the output writes them.
     *
     * @param decode decoding settings (usually {@link #decodeConfig()} with overrides)
     * @param warnings receives a warning per over-long record (chunked or truncated)
     * @return the number of records translated
     * @throws IOException when reading or writing fails
     */
    public long translate(
            TranslationInput input,
            TranslationOutput output,
            DecodeConfig decode,
            Batching batching,
            Consumer<TranslationWarning> warnings)
            throws IOException {
        boolean attention = output.needsAttention();
        long count = 0;
        while (true) {
            List<SourceRecord> block = new ArrayList<>();
            Optional<SourceRecord> r;
            while (block.size() < batching.blockSize() && (r = input.next()).isPresent()) {
                block.add(r.get());
            }
            for (TranslationResult result : translateBlock(block, decode, batching.batchSize(), attention, warnings)) {
                output.write(result);
            }
            count += block.size();
            if (batching.streaming()) {
                output.flush();
            }
            if (block.size() < batching.blockSize()) {
                break;
            }
        }
        output.flush();
        return count;
    }

    /** Translates {@code texts} in memory, without attention weights; warnings are dropped. */
    public List<TranslationResult> translate(List<String> texts, DecodeConfig decode, Batching batching) {
        return translate(texts, decode, batching, false);
    }

    /** Translates {@code texts} in memory, with attention weights when {@code attention}; warnings are dropped. */
    public List<TranslationResult> translate(
            List<String> texts, DecodeConfig decode, Batching batching, boolean attention) {
        List<TranslationResult> out = new ArrayList<>(texts.size());
        try {
            translate(TranslationInput.of(texts), TranslationOutput.into(out, attention), decode, batching, w -> {});
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory input and output do not fail
        }
        return out;
    }

    private List<TranslationResult> translateBlock(
            List<SourceRecord> records,
            DecodeConfig decode,
            int batchSize,
            boolean attention,
            Consumer<TranslationWarning> warnings) {
        // each distinct text once; over-long texts become several units (chunks) decoded separately
        Map<String, Integer> distinct = new HashMap<>();
        List<String> texts = new ArrayList<>();
        int[] textOf = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            textOf[i] = distinct.computeIfAbsent(records.get(i).text(), t -> {
                texts.add(t);
                return texts.size() - 1;
            });
        }
        LengthGuard guard = new LengthGuard(decode.maxInputTokens(), decode.overlong());
        List<List<String>> units = new ArrayList<>();
        int[][] unitsOf = new int[texts.size()][];
        String[] warningOf = new String[texts.size()];
        for (int t = 0; t < texts.size(); t++) {
            String text = texts.get(t);
            List<String> pieces = Whitespace.isBlank(text) ? List.of() : encoding.sourcePieces(text);
            int d = t;
            List<List<String>> parts = pieces.isEmpty() ? List.of() : guard.apply(pieces, w -> warningOf[d] = w);
            unitsOf[t] = new int[parts.size()];
            for (int p = 0; p < parts.size(); p++) {
                unitsOf[t][p] = units.size();
                units.add(parts.get(p));
            }
        }
        List<List<UnitResult>> decoded;
        Gemm gemm = Gemm.get();
        Precision before = gemm.precision();
        gemm.setPrecision(precision);
        try {
            decoded = new SortedBatches<List<String>, List<UnitResult>>(
                            batchSize, List::size, batch -> decode(batch, decode, attention))
                    .apply(units);
        } finally {
            gemm.setPrecision(before);
        }
        List<TranslationResult> out = new ArrayList<>(records.size());
        TranslationResult[] ofText = new TranslationResult[texts.size()];
        for (int i = 0; i < records.size(); i++) {
            SourceRecord record = records.get(i);
            int t = textOf[i];
            if (warningOf[t] != null) {
                warnings.accept(new TranslationWarning(record, warningOf[t]));
            }
            if (ofText[t] == null) {
                ofText[t] = result(record, unitsOf[t], decoded, decode.nbest() > 1);
            }
            out.add(ofText[t].forSource(record));
        }
        return out;
    }

    private static TranslationResult result(
            SourceRecord record, int[] units, List<List<UnitResult>> decoded, boolean withNbest) {
        if (units.length == 0) {
            return TranslationResult.empty(record);
        }
        if (units.length == 1) {
            List<UnitResult> r = decoded.get(units[0]);
            List<Hypothesis> nbest = withNbest
                    ? r.stream().map(h -> new Hypothesis(h.text(), h.score())).toList()
                    : List.of();
            UnitResult best = r.get(0);
            return new TranslationResult(record, best.text(), best.score(), nbest, best.attention());
        }
        StringBuilder sb = new StringBuilder();
        double score = 0;
        for (int u : units) {
            UnitResult r = decoded.get(u).get(0);
            if (!r.text().isEmpty()) {
                sb.append(sb.length() > 0 ? " " : "").append(r.text());
            }
            score += r.score();
        }
        return TranslationResult.of(record, sb.toString(), score);
    }

    private record UnitResult(String text, double score, Attention attention) {}

    private List<List<UnitResult>> decode(List<List<String>> pieces, DecodeConfig options, boolean attention) {
        List<int[]> ids = new ArrayList<>(pieces.size());
        for (List<String> p : pieces) {
            ids.add(encoding.encodeSource(p));
        }
        SourceBatch batch = SourceBatch.of(ids);
        List<List<Candidate>> found;
        if (options.beamSize() == 1) {
            found = new GreedySearch(decoder, options.maxLengthRatio(), options.lengthPenalty(), attention)
                    .search(batch).stream().map(List::of).toList();
        } else {
            found = new BeamSearch(
                            decoder,
                            options.beamSize(),
                            options.lengthPenalty(),
                            options.maxLengthRatio(),
                            options.nbest(),
                            attention)
                    .search(batch);
        }
        List<List<UnitResult>> out = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            List<UnitResult> hyps = new ArrayList<>();
            for (Candidate raw : found.get(i)) {
                Candidate c = encoding.rightToLeft() ? raw.reversed() : raw;
                Attention a = null;
                if (c.attention() != null) {
                    List<String> src = new ArrayList<>(pieces.get(i));
                    src.add(Vocabulary.EOS);
                    a = new Attention(src, encoding.targetSymbols(c.ids()), c.attention());
                }
                hyps.add(new UnitResult(render(c, pieces.get(i), options.replaceUnk()), c.score(), a));
            }
            out.add(hyps);
        }
        return out;
    }

    private String render(Candidate c, List<String> sourcePieces, boolean replaceUnk) {
        List<String> symbols = encoding.targetSymbols(c.ids());
        return encoding.detokenizeTarget(
                replaceUnk ? replaceUnknown(symbols, c.ids(), c.alignment(), sourcePieces) : symbols);
    }

    /**
     * {@code symbols} with every {@code <unk>} (per {@code ids}) replaced by the source symbol its attention peaked
     * on ({@code alignment}, −1 or out of range: kept).
     */
    static List<String> replaceUnknown(List<String> symbols, int[] ids, int[] alignment, List<String> sourcePieces) {
        List<String> replaced = new ArrayList<>(symbols.size());
        for (int j = 0; j < symbols.size(); j++) {
            int at = alignment[j];
            boolean unk = ids[j] == Vocabulary.UNK_ID;
            replaced.add(unk && at >= 0 && at < sourcePieces.size() ? sourcePieces.get(at) : symbols.get(j));
        }
        return replaced;
    }
}
