package dev.tolk.spark;

import dev.tolk.core.Precision;
import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.io.SourceRecord;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.io.UncheckedIOException;
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
     * Loads and checks a model file (magic, format version, checksum, configuration) before any translation, for
     * translation at {@code precision}.
     *
     * @throws dev.tolk.seq2seq.store.ModelFormatException when the file is not a valid model
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when this JVM's backend cannot compute {@code precision}
     */
    static TranslatorAdapter load(Path modelFile, Precision precision) throws IOException {
        return new TranslatorAdapter(Translator.load(modelFile, precision));
    }

    /**
     * The settings {@code tolk translate --beam K [--replace-unk]} uses: the model's {@code decode.*} settings, the
     * beam when given, n-best {@code min(decode.nbest, beam)}.
     */
    DecodeConfig decoding(DecodeSettings settings) {
        DecodeConfig d = translator.decodeConfig();
        int k = settings.beam() != null ? settings.beam() : d.beamSize();
        d = d.withBeam(k, Math.min(d.nbest(), k));
        return settings.replaceUnk() ? d.withReplaceUnk(true) : d;
    }

    /**
     * Translates one block of records with {@link Translator#translate}, the loop of {@code tolk translate}; one
     * result per record, in order. An empty or blank text gives an empty translation and a NaN score without calling
     * the model.
     *
     * @param texts the sentences
     * @param lines each sentence's record number in its input (warnings about over-long inputs carry it)
     * @param sourceName the input's name in warnings, e.g. the file
     */
    List<Translation> translate(List<String> texts, long[] lines, String sourceName, DecodeSettings settings) {
        List<SourceRecord> records = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            records.add(new SourceRecord(i, lines[i], texts.get(i)));
        }
        List<TranslationResult> results = new ArrayList<>(texts.size());
        try {
            translator.translate(
                    TranslationInput.ofRecords(records),
                    TranslationOutput.into(results, false),
                    decoding(settings),
                    Batching.ofBatchSize(settings.batchSize()),
                    w -> LOG.warn("{}:{}: {}", sourceName, w.source().line(), w.message()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory input and output do not fail
        }
        List<Translation> out = new ArrayList<>(results.size());
        for (TranslationResult r : results) {
            out.add(new Translation(r.translation(), r.score()));
        }
        return out;
    }

    /**
     * One record's result.
     *
     * @param text the best translation; empty for an empty input
     * @param score its score, NaN when there is none
     */
    record Translation(String text, double score) {}
}
