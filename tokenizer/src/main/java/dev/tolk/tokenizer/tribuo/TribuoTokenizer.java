package dev.tolk.tokenizer.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.tolk.tokenizer.BpeModel;
import dev.tolk.tokenizer.BpeTokenizer;
import dev.tolk.tokenizer.CharTokenizer;
import dev.tolk.tokenizer.Token;
import dev.tolk.tokenizer.Tokenizer;
import dev.tolk.tokenizer.WordTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Tolk tokenizer as a Tribuo {@link org.tribuo.util.tokens.Tokenizer}, usable in Tribuo's text pipelines
 * (e.g. {@code org.tribuo.data.text.impl.TokenPipeline}). Tribuo requires every token's text to equal the input
 * substring at its offsets, so no normalisation happens here: lowercase or NFC-normalise before Tribuo sees the
 * text, or use Tribuo's own preprocessors.
 *
 * <p>Configurable through OLCUT: {@code type} is {@code word} (default), {@code char} or {@code bpe};
 * {@code bpeModel} is the path of a BPE model file for {@code bpe}. Lifecycle (Tribuo's): {@link #reset} then
 * {@link #advance} until it returns false; the getters throw {@link IllegalStateException} before the first
 * {@code advance()} or after the end. Not thread-safe (Tribuo clones tokenizers per thread).
 */
public final class TribuoTokenizer implements org.tribuo.util.tokens.Tokenizer {

    @Config(description = "Tolk tokenizer: word, char or bpe.")
    private String type = "word";

    @Config(description = "BPE model file (JSON written by 'tolk vocab --bpe'); required when type is bpe.")
    private String bpeModel;

    private Tokenizer tokenizer;
    private List<Token> tokens = List.of();
    private int index = -1;
    private boolean reset;

    /** For OLCUT configuration; call {@link #postConfig()} after setting fields. */
    @SuppressWarnings("unused")
    private TribuoTokenizer() {}

    /** Word-level tokenisation ({@link WordTokenizer}). */
    public static TribuoTokenizer word() {
        TribuoTokenizer t = new TribuoTokenizer();
        t.type = "word";
        t.tokenizer = WordTokenizer.INSTANCE;
        return t;
    }

    /** Character-level tokenisation ({@link CharTokenizer}). */
    public static TribuoTokenizer chars() {
        TribuoTokenizer t = new TribuoTokenizer();
        t.type = "char";
        t.tokenizer = CharTokenizer.INSTANCE;
        return t;
    }

    /** BPE tokenisation with the model saved in {@code modelFile}. */
    public static TribuoTokenizer bpe(Path modelFile) throws IOException {
        TribuoTokenizer t = new TribuoTokenizer();
        t.type = "bpe";
        t.bpeModel = modelFile.toString();
        t.postConfig();
        return t;
    }

    @Override
    public void postConfig() throws IOException {
        switch (type == null ? "" : type) {
            case "word" -> tokenizer = WordTokenizer.INSTANCE;
            case "char" -> tokenizer = CharTokenizer.INSTANCE;
            case "bpe" -> {
                if (bpeModel == null || bpeModel.isEmpty()) {
                    throw new PropertyException(
                            "", "bpeModel", "bpeModel (a BPE model file) is required when type is bpe");
                }
                tokenizer = new BpeTokenizer(BpeModel.load(Path.of(bpeModel)));
            }
            default -> throw new PropertyException("", "type", "type must be word, char or bpe, got '" + type + "'");
        }
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Tokenizer");
    }

    @Override
    public void reset(CharSequence cs) {
        tokens = tokenizer.tokenize(cs.toString());
        index = -1;
        reset = true;
    }

    @Override
    public boolean advance() {
        if (!reset) {
            throw new IllegalStateException("TribuoTokenizer: advance() called before reset(text)");
        }
        if (index < tokens.size()) {
            index++;
        }
        return index < tokens.size();
    }

    private Token current() {
        if (index < 0 || index >= tokens.size()) {
            throw new IllegalStateException(
                    "TribuoTokenizer: no current token (call reset(text), then advance() until" + " it returns false)");
        }
        return tokens.get(index);
    }

    @Override
    public String getText() {
        return current().text();
    }

    @Override
    public int getStart() {
        return current().start();
    }

    @Override
    public int getEnd() {
        return current().end();
    }

    @Override
    public org.tribuo.util.tokens.Token.TokenType getType() {
        current();
        return org.tribuo.util.tokens.Token.TokenType.WORD;
    }

    @Override
    public TribuoTokenizer clone() {
        TribuoTokenizer t = new TribuoTokenizer();
        t.type = type;
        t.bpeModel = bpeModel;
        t.tokenizer = tokenizer; // immutable, shareable
        return t;
    }
}
