package dev.tolk.seq2seq.translate;

import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.Hypothesis;
import dev.tolk.seq2seq.io.LengthGuard;
import dev.tolk.seq2seq.io.SortedBatches;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.search.BeamSearch;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.SourceBatch;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.ModelFormatException;
import dev.tolk.tokenizer.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Text in, text out: preprocesses each input as the model was trained ({@link TextEncoding}), keeps it within
 * {@code max_input_tokens} ({@link LengthGuard}: chunks translated separately and joined with a space, or
 * truncation), decodes batches of similar length ({@link SortedBatches}; results in input order, independent of
 * the batch size) with {@link GreedySearch} or {@link BeamSearch}, optionally replaces {@code <unk>} by the
 * most-attended source symbol, and detokenizes. An empty (blank) input gives an empty translation without calling
 * the model. Not thread-safe: one translator per thread.
 */
public final class Translator {
    private final Seq2SeqConfig config;
    private final TextEncoding encoding;
    private final Seq2SeqModel model;

    /** A translator over an existing model (e.g. during training) and its encoding. */
    public Translator(Seq2SeqConfig config, TextEncoding encoding, Seq2SeqModel model) {
        this.config = config;
        this.encoding = encoding;
        this.model = model;
    }

    /**
     * Loads a model file (or directory holding {@code model.tolk}).
     *
     * @throws ModelFormatException when the file is not a valid model or does not match its configuration
     * @throws IOException when it cannot be read
     */
    public static Translator load(Path modelPath) throws IOException {
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
        return new Translator(file.config(), enc, m);
    }

    public Seq2SeqConfig config() {
        return config;
    }

    public TextEncoding encoding() {
        return encoding;
    }

    public Seq2SeqModel model() {
        return model;
    }

    /** The model's {@code decode.*} settings as options. */
    public TranslateOptions defaultOptions() {
        return TranslateOptions.of(config.decode());
    }

    /** Translates with {@link #defaultOptions()}, warnings dropped. */
    public List<TranslationResult> translate(List<String> inputs) {
        return translate(inputs, defaultOptions(), "input", w -> {});
    }

    /**
     * Translates every input; one result per input, in order.
     *
     * @param inputs sentences (blank ones give empty translations)
     * @param options decoding settings
     * @param sourceName used in warnings, e.g. {@code input.txt} (warnings say {@code input.txt:12})
     * @param warnings receives one line per over-long input
     */
    public List<TranslationResult> translate(
            List<String> inputs, TranslateOptions options, String sourceName, Consumer<String> warnings) {
        LengthGuard guard = new LengthGuard(options.maxInputTokens(), options.overlong(), warnings);
        // Units: whole inputs or their chunks. SortedBatches sorts strings, so each unit is keyed by its index.
        List<List<String>> units = new ArrayList<>();
        List<int[]> unitsOf = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            List<String> pieces = SortedBatches.isEmpty(text) ? List.of() : encoding.sourcePieces(text);
            if (pieces.isEmpty()) {
                unitsOf.add(new int[0]);
                continue;
            }
            List<List<String>> parts = guard.apply(sourceName + ":" + (i + 1), pieces);
            int[] idx = new int[parts.size()];
            for (int p = 0; p < parts.size(); p++) {
                idx[p] = units.size();
                units.add(parts.get(p));
            }
            unitsOf.add(idx);
        }
        List<String> keys = new ArrayList<>(units.size());
        for (int u = 0; u < units.size(); u++) {
            keys.add(Integer.toString(u));
        }
        SortedBatches<List<UnitResult>> batches = new SortedBatches<>(
                options.batchSize(),
                1,
                key -> units.get(Integer.parseInt(key)).size(),
                batchKeys -> decode(
                        batchKeys.stream()
                                .map(k -> units.get(Integer.parseInt(k)))
                                .toList(),
                        options),
                key -> List.of());
        List<List<UnitResult>> unitResults = batches.apply(keys);
        List<TranslationResult> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            int[] idx = unitsOf.get(i);
            String text = inputs.get(i);
            if (idx.length == 0) {
                out.add(TranslationResult.empty(text));
            } else if (idx.length == 1) {
                List<UnitResult> r = unitResults.get(idx[0]);
                List<Hypothesis> nbest = new ArrayList<>();
                if (options.nbest() > 1) {
                    r.forEach(h -> nbest.add(new Hypothesis(h.text(), h.score())));
                }
                UnitResult best = r.get(0);
                out.add(new TranslationResult(
                        text,
                        best.text(),
                        best.score(),
                        nbest,
                        best.sourceTokens(),
                        best.targetTokens(),
                        best.attention()));
            } else {
                StringBuilder sb = new StringBuilder();
                double score = 0;
                for (int u : idx) {
                    UnitResult r = unitResults.get(u).get(0);
                    if (!r.text().isEmpty()) {
                        sb.append(sb.length() > 0 ? " " : "").append(r.text());
                    }
                    score += r.score();
                }
                out.add(TranslationResult.of(text, sb.toString(), score));
            }
        }
        return out;
    }

    private record UnitResult(
            String text, double score, List<String> sourceTokens, List<String> targetTokens, float[][] attention) {}

    private List<List<UnitResult>> decode(List<List<String>> pieces, TranslateOptions options) {
        List<int[]> ids = new ArrayList<>(pieces.size());
        for (List<String> p : pieces) {
            ids.add(encoding.encodeSource(p));
        }
        SourceBatch batch = SourceBatch.of(ids);
        List<List<Candidate>> found;
        if (options.beamSize() == 1) {
            found = new GreedySearch(model, options.maxLengthRatio(), options.lengthPenalty(), options.attention())
                    .search(batch).stream().map(List::of).toList();
        } else {
            found = new BeamSearch(
                            model,
                            options.beamSize(),
                            options.lengthPenalty(),
                            options.maxLengthRatio(),
                            options.nbest(),
                            options.attention())
                    .search(batch);
        }
        List<List<UnitResult>> out = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            List<UnitResult> hyps = new ArrayList<>();
            for (Candidate c : found.get(i)) {
                List<String> src = List.of();
                List<String> tgt = List.of();
                if (c.attention() != null) {
                    List<String> s = new ArrayList<>(pieces.get(i));
                    s.add(Vocabulary.EOS);
                    src = s;
                    tgt = encoding.targetSymbols(c.ids());
                }
                hyps.add(new UnitResult(
                        render(c, pieces.get(i), options.replaceUnk()), c.score(), src, tgt, c.attention()));
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
