package dev.tolk.serve;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.config.OverlongPolicy;
import dev.tolk.seq2seq.io.Attention;
import dev.tolk.seq2seq.io.Hypothesis;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where serve calls seq2seq's {@link Translator}: loads a model and maps seq2seq's results to the
 * service's {@link Translation}s. Sentences are decoded in length-sorted batches of {@value #BATCH_SIZE}, as
 * {@code tolk translate} does, so the service gives the same translations and scores as the command line. Like
 * {@link Translator}, {@link #translate} is not thread-safe.
 */
public final class Seq2SeqTranslator implements SentenceTranslator {
    /** Sentences decoded together inside one {@link #translate} call ({@code tolk translate}'s default). */
    public static final int BATCH_SIZE = 32;

    private final Translator translator;
    private final ModelInfo info;

    private Seq2SeqTranslator(Translator translator, ModelInfo info) {
        this.translator = translator;
        this.info = info;
    }

    /**
     * Loads a model file, or a directory holding {@code model.tolk}, computing in float32; the file is checked before
     * it is used.
     *
     * @throws IOException when it cannot be read or is not a valid model (the message names the file)
     */
    public static Seq2SeqTranslator load(Path model) throws IOException {
        return load(model, Precision.FP32);
    }

    /**
     * Loads a model file, or a directory holding {@code model.tolk}, computing its matrix products at
     * {@code precision} (weights converted or quantised once, here); the file is checked before it is used.
     *
     * @throws IOException when it cannot be read or is not a valid model (the message names the file)
     * @throws IllegalArgumentException when this machine's backend does not compute {@code precision} (the
     *     message names the precisions it does)
     */
    public static Seq2SeqTranslator load(Path model, Precision precision) throws IOException {
        Translator t = Translator.load(model, precision);
        ModelFile header = ModelFile.readWithoutWeights(model);
        Path file = ModelFile.resolve(model).toAbsolutePath().normalize();
        String name = model.toAbsolutePath().normalize().getFileName().toString();
        var decode = t.config().decode();
        ModelInfo info = new ModelInfo(
                name,
                file.toString(),
                t.model().parameterCount(),
                t.encoding().sourceVocabulary().size(),
                t.encoding().targetVocabulary().size(),
                t.encoding().shared(),
                t.config().data().tokenizer().configName(),
                decode.beamSize(),
                decode.nbest(),
                decode.maxInputTokens(),
                decode.overlong().configName(),
                precision.id(),
                t.config().toJson(),
                header.provenance().toJson());
        return new Seq2SeqTranslator(t, info);
    }

    /**
     * Loads {@code workers} independent copies of a model, one per decoding worker ({@link TranslationServer}; each
     * has its own weights and buffers, so the workers decode side by side), all computing at {@code precision}.
     * The precision is made the process-wide backend's setting first ({@link Gemm#setPrecision(Precision)}), so
     * the workers, which decode side by side, never see another precision between their calls; an unsupported
     * precision fails here, before any model is read.
     *
     * @param workers how many copies, at least 1
     * @throws IOException when the model cannot be read or is not a valid model (the message names the file)
     * @throws IllegalArgumentException when this machine's backend does not compute {@code precision} (the
     *     message names the precisions it does)
     */
    public static List<Seq2SeqTranslator> loadCopies(Path model, int workers, Precision precision) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        Gemm.get().setPrecision(precision);
        List<Seq2SeqTranslator> copies = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            copies.add(load(model, precision));
        }
        return copies;
    }

    @Override
    public List<Translation> translate(List<String> texts, DecodeSettings settings) {
        DecodeConfig decode = translator.decodeConfig().withBeam(settings.beam(), settings.nbest());
        List<TranslationResult> results =
                translator.translate(texts, decode, Batching.ofBatchSize(BATCH_SIZE), settings.attention());
        List<Translation> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            TranslationResult r = results.get(i);
            List<Translation.Alternative> nbest = new ArrayList<>();
            for (Hypothesis h : r.nbest()) {
                nbest.add(new Translation.Alternative(h.text(), h.score()));
            }
            out.add(new Translation(
                    r.source().text(), r.translation(), r.score(), nbest, attentionOf(r), warning(texts.get(i))));
        }
        return out;
    }

    /**
     * @param result a translation made with attention
     * @return its attention weights, or null when it has none (not asked for, empty input, chunked input)
     */
    public static AttentionMap attentionOf(TranslationResult result) {
        Attention a = result.attention();
        if (a == null || a.sourceTokens().isEmpty()) {
            return null;
        }
        return new AttentionMap(a.sourceTokens(), a.targetTokens(), a.weights());
    }

    private String warning(String text) {
        int limit = info.maxInputTokens();
        int tokens = sourceTokens(text);
        if (tokens <= limit) {
            return null;
        }
        return OverlongPolicy.TRUNCATE.configName().equals(info.overlong())
                ? tokens + " tokens exceed the model's limit of " + limit
                        + " (decode.max_input_tokens); truncated to the first " + limit
                : tokens + " tokens exceed the model's limit of " + limit + " (decode.max_input_tokens); translated in "
                        + (tokens + limit - 1) / limit + " chunks";
    }

    @Override
    public int sourceTokens(String text) {
        return translator.encoding().sourcePieces(text).size();
    }

    @Override
    public ModelInfo model() {
        return info;
    }
}
