package dev.tolk.tokenizer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable mapping between tokens and ids {@code 0 .. size()-1}. Ids 0-3 are always {@link #PAD}, {@link #UNK},
 * {@link #BOS}, {@link #EOS}; unknown tokens map to {@link #UNK_ID}. Saved as JSON
 * {@code {"format":"tolk-vocabulary","version":1,"tokens":["<pad>","<unk>","<s>","</s>",...]}}; loading checks
 * format, version and the special tokens. Thread-safe.
 */
public final class Vocabulary {
    /** Padding token. */
    public static final String PAD = "<pad>";
    /** Unknown token. */
    public static final String UNK = "<unk>";
    /** Begin-of-sequence token. */
    public static final String BOS = "<s>";
    /** End-of-sequence token. */
    public static final String EOS = "</s>";
    /** Id of {@link #PAD}. */
    public static final int PAD_ID = 0;
    /** Id of {@link #UNK}. */
    public static final int UNK_ID = 1;
    /** Id of {@link #BOS}. */
    public static final int BOS_ID = 2;
    /** Id of {@link #EOS}. */
    public static final int EOS_ID = 3;
    /** The special tokens in id order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);
    /** The format name. */
    public static final String FORMAT = "tolk-vocabulary";
    /** The format version. */
    public static final int VERSION = 1;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> m = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < this.tokens.size(); i++) {
            if (m.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token '" + this.tokens.get(i) + "' at id " + i);
            }
        }
        this.ids = m;
    }

    /**
     * A vocabulary of the specials followed by {@code regularTokens} in the given order.
     *
     * @throws IllegalArgumentException on duplicates or if a special token is among {@code regularTokens}
     */
    public static Vocabulary of(List<String> regularTokens) {
        List<String> all = new ArrayList<>(SPECIALS.size() + regularTokens.size());
        all.addAll(SPECIALS);
        all.addAll(regularTokens);
        return new Vocabulary(all);
    }

    /** Number of ids, specials included. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #UNK_ID} if absent. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK_ID : id;
    }

    /** Whether {@code token} has its own id. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /**
     * The token of {@code id}.
     *
     * @throws IndexOutOfBoundsException if {@code id} is not in {@code [0, size())}
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " is outside [0, " + tokens.size() + ")");
        }
        return tokens.get(id);
    }

    /** All tokens in id order (unmodifiable). */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * SHA-256 (hex) of the tokens in id order: equal for equal vocabularies, for provenance records (a model
     * stores it and checks it when loading its vocabulary).
     */
    public String fingerprint() {
        return Fingerprint.of(tokens);
    }

    /** The ids of {@code sequence} (unknown tokens become {@link #UNK_ID}). */
    public int[] encode(List<String> sequence) {
        int[] out = new int[sequence.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(sequence.get(i));
        }
        return out;
    }

    /** The tokens of {@code ids}, specials included. */
    public List<String> decode(int[] sequence) {
        List<String> out = new ArrayList<>(sequence.length);
        for (int id : sequence) {
            out.add(token(id));
        }
        return out;
    }

    /**
     * The tokens of {@code ids} for output: stops at the first {@link #EOS_ID}, drops {@link #PAD_ID} and
     * {@link #BOS_ID}, keeps {@link #UNK}.
     */
    public List<String> decodeForOutput(int[] sequence) {
        List<String> out = new ArrayList<>(sequence.length);
        for (int id : sequence) {
            if (id == EOS_ID) {
                break;
            }
            if (id != PAD_ID && id != BOS_ID) {
                out.add(token(id));
            }
        }
        return out;
    }

    /** A one-hot vector of length {@link #size()} with 1 at {@code id(token)}. */
    public float[] oneHot(String token) {
        float[] v = new float[size()];
        oneHot(id(token), v);
        return v;
    }

    /**
     * Writes the one-hot vector of {@code id} into {@code out} (length {@link #size()}), clearing it first.
     *
     * @throws IllegalArgumentException if {@code out} has the wrong length
     */
    public void oneHot(int id, float[] out) {
        if (out.length != size()) {
            throw new IllegalArgumentException(
                    "oneHot: out has length " + out.length + " but the vocabulary size is " + size());
        }
        token(id); // range check
        Arrays.fill(out, 0f);
        out[id] = 1f;
    }

    private record FileForm(
            @JsonProperty("format") String format,
            @JsonProperty("version") int version,
            @JsonProperty("tokens") List<String> tokens) {
        @JsonCreator
        FileForm {}
    }

    /** The JSON form. */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(new FileForm(FORMAT, VERSION, tokens));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write vocabulary as JSON", e);
        }
    }

    /**
     * Reads a vocabulary from JSON.
     *
     * @param source where it came from, for messages
     * @throws TokenizerFormatException if malformed, of another format or version, or with wrong special tokens
     */
    public static Vocabulary fromJson(String json, String source) {
        FileForm form;
        try {
            form = Json.MAPPER.readValue(json, FileForm.class);
        } catch (JsonProcessingException e) {
            throw new TokenizerFormatException(source + ": not a vocabulary file (" + e.getOriginalMessage() + ")", e);
        }
        if (!FORMAT.equals(form.format())) {
            throw new TokenizerFormatException(source + ": format is '" + form.format() + "', expected '" + FORMAT
                    + "'; build one with 'tolk vocab'");
        }
        if (form.version() != VERSION) {
            throw new TokenizerFormatException(source + ": vocabulary version " + form.version()
                    + " is not supported (this Tolk reads version " + VERSION + ")");
        }
        List<String> t = form.tokens();
        if (t == null
                || t.size() < SPECIALS.size()
                || !t.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new TokenizerFormatException(source + ": the first tokens must be " + SPECIALS + ", got "
                    + (t == null ? "none" : t.subList(0, Math.min(4, t.size()))));
        }
        try {
            return new Vocabulary(t);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new TokenizerFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@link #toJson()} to {@code file}. */
    public void save(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** Reads a vocabulary saved by {@link #save(Path)}. */
    public static Vocabulary load(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + tokens.size() + " tokens]";
    }
}
