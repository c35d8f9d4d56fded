package dev.tolk.spark;

import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.translate.TranslateOptions;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the Spark module calls seq2seq's {@link Translator}: loading a model and translating a block of
 * records exactly as {@code tolk translate} does (same options, same batching, results in input order). Keeping every
 * call here means a change to the translator's API touches this file only. Not thread-safe, like the translator: one
 * adapter per running task ({@link ExecutorModels} pools them).
 */
final class TranslatorAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TranslatorAdapter.class);

    private final Translator translator;

    private TranslatorAdapter(Translator translator) {
        this.translator = translator;
    }

    /**
     * Loads and checks a model file (magic, format version, checksum, configuration) before any translation.
     *
     * @throws dev.tolk.seq2seq.store.ModelFormatException when the file is not a valid model
     * @throws IOException when it cannot be read
     */
    static TranslatorAdapter load(Path modelFile) throws IOException {
        return new TranslatorAdapter(Translator.load(modelFile));
    }

    /**
     * The options {@code tolk translate --beam K --batch-size B [--replace-unk]} uses: the model's {@code decode.*}
     * settings, the beam when given, n-best {@code min(decode.nbest, beam)}.
     */
    TranslateOptions options(DecodeSettings settings) {
        TranslateOptions o = translator.defaultOptions().withBatchSize(settings.batchSize());
        int k = settings.beam() != null ? settings.beam() : o.beamSize();
        o = o.withBeam(k, Math.min(o.nbest(), k));
        return settings.replaceUnk() ? o.withReplaceUnk(true) : o;
    }

    /**
     * Translates one block of records; one result per record, in order. An empty or blank text gives an empty
     * translation and a NaN score without calling the model.
     *
     * @param texts the sentences
     * @param lines each sentence's record number in its input (for warnings about over-long inputs)
     * @param sourceName the input's name in warnings, e.g. the file
     */
    List<Translation> translate(List<String> texts, long[] lines, String sourceName, DecodeSettings settings) {
        List<TranslationResult> results =
                translator.translate(texts, options(settings), sourceName, w -> LOG.warn(atLine(w, lines)));
        List<Translation> out = new ArrayList<>(results.size());
        for (TranslationResult r : results) {
            out.add(new Translation(r.translation(), r.score()));
        }
        return out;
    }

    /** Rewrites the translator's {@code source:index} (1-based position in the block) to the record's line. */
    static String atLine(String warning, long[] lines) {
        int end = warning.indexOf(": ");
        int start = end < 0 ? -1 : warning.lastIndexOf(':', end - 1);
        if (start < 0) {
            return warning;
        }
        try {
            int idx = Integer.parseInt(warning.substring(start + 1, end));
            return warning.substring(0, start + 1) + lines[idx - 1] + warning.substring(end);
        } catch (RuntimeException e) {
            return warning;
        }
    }

    /**
     * One record's result.
     *
     * @param text the best translation; empty for an empty input
     * @param score its score, NaN when there is none
     */
    record Translation(String text, double score) {}
}
