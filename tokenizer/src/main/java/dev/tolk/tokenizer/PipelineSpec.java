package dev.tolk.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The complete, serialisable description of a {@link TextPipeline}: what a model stores so that translation
 * preprocesses text exactly as training did. JSON form (Jackson round-trips it):
 * <pre>{@code {"format":"tolk-pipeline","version":1,
 *  "normalizer":{"form":"NFC","lowercase":false,"removeInvisible":true},
 *  "tokenizer":"bpe","bpe":{"merges":[{"left":"▁","right":"t"},...]},"stopwords":[]}}</pre>
 *
 * @param format always {@value #FORMAT}
 * @param version always {@value #VERSION}; loading checks it
 * @param normalizer the normaliser
 * @param tokenizer {@code word}, {@code char} or {@code bpe}
 * @param bpe the merges when {@code tokenizer} is {@code bpe}, otherwise {@code null}
 * @param stopwords terms removed by {@link TextPipeline#tokenize(String)} (usually empty)
 */
public record PipelineSpec(
        String format, int version, Normalizer normalizer, String tokenizer, BpeModel bpe, List<String> stopwords) {
    /** The format name. */
    public static final String FORMAT = "tolk-pipeline";
    /** The format version. */
    public static final int VERSION = 1;
    /** The tokenizer names accepted. */
    public static final List<String> TOKENIZERS = List.of("word", "char", "bpe");

    /** Validates the spec. */
    public PipelineSpec {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("pipeline spec format is '" + format + "', expected '" + FORMAT + "'");
        }
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "pipeline spec version " + version + " is not supported (expected " + VERSION + ")");
        }
        Objects.requireNonNull(normalizer, "normalizer");
        tokenizer = tokenizer == null ? null : tokenizer.toLowerCase(Locale.ROOT);
        if (!TOKENIZERS.contains(tokenizer)) {
            throw new IllegalArgumentException("tokenizer must be one of " + TOKENIZERS + ", got '" + tokenizer + "'");
        }
        if (tokenizer.equals("bpe") != (bpe != null)) {
            throw new IllegalArgumentException("a BPE model must be given exactly when the tokenizer is 'bpe'"
                    + " (tokenizer '" + tokenizer + "', bpe " + (bpe == null ? "absent" : "present") + ")");
        }
        stopwords = stopwords == null ? List.of() : List.copyOf(stopwords);
    }

    /** A spec with the given parts, the current format and version. */
    public static PipelineSpec of(Normalizer normalizer, String tokenizer, BpeModel bpe, List<String> stopwords) {
        return new PipelineSpec(FORMAT, VERSION, normalizer, tokenizer, bpe, stopwords);
    }

    /** SHA-256 (hex) of {@link #toJson()}: equal for specs that preprocess text identically. */
    public String fingerprint() {
        return Fingerprint.of(List.of(toJson()));
    }

    /** The JSON form. */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write pipeline spec as JSON", e);
        }
    }

    /**
     * Reads a spec from JSON.
     *
     * @param source where the JSON came from, for error messages
     * @throws TokenizerFormatException if it is malformed, of another format or version, or inconsistent
     */
    public static PipelineSpec fromJson(String json, String source) {
        try {
            return Json.MAPPER.readValue(json, PipelineSpec.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String why = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            throw new TokenizerFormatException(source + ": not a valid pipeline spec (" + why + ")", e);
        }
    }
}
