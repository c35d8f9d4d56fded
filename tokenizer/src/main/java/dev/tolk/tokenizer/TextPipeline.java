package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Normaliser + tokenizer + filters, composed (Lucene's analyzer pattern). Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #tokenize(String)}: tokens of the <em>original</em> text (offsets point into it), each token's
 *       text normalised, empty ones dropped, then the stopword filter. For statistics and stopwords.</li>
 *   <li>{@link #pieces(String)} / {@link #detokenize(List)}: the model symbols of the normalised text and back;
 *       {@code detokenize(pieces(x)).equals(normalize(x))}. Filters never apply here (a translation must keep
 *       every word). This is what a translation model encodes with a {@link Vocabulary}.</li>
 * </ul>
 * A pipeline is fully described by its {@link PipelineSpec}: {@code TextPipeline.fromJson(p.toJson())} behaves
 * exactly like {@code p}.
 */
public final class TextPipeline {
    private final PipelineSpec spec;
    private final Normalizer normalizer;
    private final ReversibleTokenizer tokenizer;
    private final StopwordFilter stopwords;

    private TextPipeline(PipelineSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.normalizer = spec.normalizer();
        this.tokenizer = switch (spec.tokenizer()) {
            case "word" -> WordTokenizer.INSTANCE;
            case "char" -> CharTokenizer.INSTANCE;
            case "bpe" -> new BpeTokenizer(spec.bpe());
            default -> throw new IllegalArgumentException("unknown tokenizer " + spec.tokenizer());
        };
        this.stopwords = spec.stopwords().isEmpty() ? null : new StopwordFilter(spec.stopwords());
    }

    /** The pipeline described by {@code spec}. */
    public static TextPipeline of(PipelineSpec spec) {
        return new TextPipeline(spec);
    }

    /** Word tokenizer with the {@link Normalizer#DEFAULT default} normaliser. */
    public static TextPipeline word() {
        return of(PipelineSpec.of(Normalizer.DEFAULT, "word", null, List.of()));
    }

    /** Word tokenizer with {@code normalizer}. */
    public static TextPipeline word(Normalizer normalizer) {
        return of(PipelineSpec.of(normalizer, "word", null, List.of()));
    }

    /** Character tokenizer with {@code normalizer}. */
    public static TextPipeline chars(Normalizer normalizer) {
        return of(PipelineSpec.of(normalizer, "char", null, List.of()));
    }

    /** BPE tokenizer applying {@code model}, with {@code normalizer}. */
    public static TextPipeline bpe(Normalizer normalizer, BpeModel model) {
        return of(PipelineSpec.of(normalizer, "bpe", model, List.of()));
    }

    /** This pipeline with {@code words} removed by {@link #tokenize(String)}. */
    public TextPipeline withStopwords(List<String> words) {
        return of(PipelineSpec.of(normalizer, spec.tokenizer(), spec.bpe(), words));
    }

    /** The spec this pipeline was built from. */
    public PipelineSpec spec() {
        return spec;
    }

    /** The tokenizer (without normalisation). */
    public ReversibleTokenizer tokenizer() {
        return tokenizer;
    }

    /** The normaliser. */
    public Normalizer normalizer() {
        return normalizer;
    }

    /** {@code normalizer().normalize(text)}. */
    public String normalize(String text) {
        return normalizer.normalize(text);
    }

    /** Tokens of {@code text} with offsets into {@code text} and normalised texts, stopwords removed. */
    public List<Token> tokenize(String text) {
        List<Token> raw = tokenizer.tokenize(text);
        List<Token> out = new ArrayList<>(raw.size());
        for (Token t : raw) {
            String norm = normalizer.normalize(t.text());
            if (!norm.isEmpty()) {
                out.add(norm == t.text() ? t : t.withText(norm));
            }
        }
        return stopwords == null ? out : stopwords.apply(out);
    }

    /** The texts of {@link #tokenize(String)} (computed without building {@link Token}s). */
    public List<String> terms(String text) {
        List<String> raw = tokenizer.terms(text);
        List<String> out = new ArrayList<>(raw.size());
        for (String t : raw) {
            String norm = normalizer.normalize(t);
            if (!norm.isEmpty() && (stopwords == null || !stopwords.isStopword(norm))) {
                out.add(norm);
            }
        }
        return out;
    }

    /** Model symbols of the normalised text (see {@link ReversibleTokenizer#pieces(String)}). */
    public List<String> pieces(String text) {
        return tokenizer.pieces(normalizer.normalize(text));
    }

    /** The text of model symbols; exact inverse of {@link #pieces(String)} up to normalisation. */
    public String detokenize(List<String> pieces) {
        return tokenizer.detokenize(pieces);
    }

    /** The JSON form of {@link #spec()}. */
    public String toJson() {
        return spec.toJson();
    }

    /** Rebuilds a pipeline from {@link #toJson()}; {@code source} names where the JSON came from. */
    public static TextPipeline fromJson(String json, String source) {
        return of(PipelineSpec.fromJson(json, source));
    }

    @Override
    public String toString() {
        return "TextPipeline[" + spec.tokenizer() + ", " + normalizer + ", "
                + spec.stopwords().size() + " stopwords]";
    }
}
