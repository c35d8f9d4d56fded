package dev.tolk.tokenizer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Learned byte-pair-encoding merges (Sennrich et al. 2016, "Neural Machine Translation of Rare Words with
 * Subword Units", Algorithm 1), in the order they were learned: merge {@code i} has rank {@code i}. Symbols are
 * strings over the {@link SpaceMarker} encoding. Saved as JSON:
 * {@code {"format":"tolk-bpe","version":1,"merges":[["▁","t"],["▁t","he"],...]}}. Immutable.
 *
 * @param merges the merges, best (earliest) first
 */
public record BpeModel(List<Merge> merges) {
    /** The format name written to and checked in files. */
    public static final String FORMAT = "tolk-bpe";
    /** The format version written to and checked in files. */
    public static final int VERSION = 1;

    /**
     * One merge: the adjacent symbols {@code left right} become {@code left + right}.
     *
     * @param left the left symbol
     * @param right the right symbol
     */
    public record Merge(String left, String right) {
        /** Validates that both symbols are non-empty. */
        public Merge {
            if (left == null || left.isEmpty() || right == null || right.isEmpty()) {
                throw new IllegalArgumentException(
                        "BPE merge symbols must be non-empty, got [" + left + ", " + right + "]");
            }
        }
    }

    /** Copies the list and rejects duplicate merges. */
    public BpeModel {
        merges = List.copyOf(merges);
        if (new java.util.HashSet<>(merges).size() != merges.size()) {
            throw new IllegalArgumentException("BPE model has duplicate merges");
        }
    }

    private record FileForm(
            @JsonProperty("format") String format,
            @JsonProperty("version") int version,
            @JsonProperty("merges") List<List<String>> merges) {
        @JsonCreator
        FileForm {}
    }

    /** The JSON form of this model. */
    public String toJson() {
        List<List<String>> list = new ArrayList<>(merges.size());
        for (Merge m : merges) {
            list.add(List.of(m.left(), m.right()));
        }
        try {
            return Json.MAPPER.writeValueAsString(new FileForm(FORMAT, VERSION, list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write BPE model as JSON", e);
        }
    }

    /**
     * Reads a model from JSON.
     *
     * @param json the JSON text
     * @param source where it came from, for error messages (a file name)
     * @throws TokenizerFormatException if the JSON is malformed or not a version-{@value #VERSION} tolk-bpe model
     */
    public static BpeModel fromJson(String json, String source) {
        FileForm form;
        try {
            form = Json.MAPPER.readValue(json, FileForm.class);
        } catch (JsonProcessingException e) {
            throw new TokenizerFormatException(source + ": not a BPE model file (" + e.getOriginalMessage() + ")", e);
        }
        if (!FORMAT.equals(form.format())) {
            throw new TokenizerFormatException(source + ": format is '" + form.format() + "', expected '" + FORMAT
                    + "'; learn merges with 'tolk vocab --bpe N --bpe-model FILE'");
        }
        if (form.version() != VERSION) {
            throw new TokenizerFormatException(source + ": BPE model version " + form.version()
                    + " is not supported (this" + " Tolk reads version " + VERSION + ")");
        }
        if (form.merges() == null) {
            throw new TokenizerFormatException(source + ": missing 'merges'");
        }
        List<Merge> merges = new ArrayList<>(form.merges().size());
        for (int i = 0; i < form.merges().size(); i++) {
            List<String> m = form.merges().get(i);
            if (m == null
                    || m.size() != 2
                    || m.get(0) == null
                    || m.get(1) == null
                    || m.get(0).isEmpty()
                    || m.get(1).isEmpty()) {
                throw new TokenizerFormatException(
                        source + ": merge " + i + " must be a pair of two non-empty strings, got " + m);
            }
            merges.add(new Merge(m.get(0), m.get(1)));
        }
        try {
            return new BpeModel(merges);
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@link #toJson()} to {@code file} (UTF-8). */
    public void save(Path file) throws IOException {
        Files.writeString(Objects.requireNonNull(file), toJson(), StandardCharsets.UTF_8);
    }

    /** Reads a model saved by {@link #save(Path)}. */
    public static BpeModel load(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }
}
