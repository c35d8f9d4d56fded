package dev.tolk.tokenizer.tribuo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.tolk.tokenizer.PipelineSpec;
import dev.tolk.tokenizer.Stopword;
import dev.tolk.tokenizer.StopwordSelector;
import dev.tolk.tokenizer.TermStat;
import dev.tolk.tokenizer.TermStatistics;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.TokenizerFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.tribuo.Feature;

/**
 * TF-IDF features for Tribuo from Tolk's text processing: a Tribuo {@link org.tribuo.data.text.TextPipeline} built
 * from a Tolk {@link TextPipeline} (normaliser, then word, character or BPE tokenizer), a stopword filter whose
 * words a {@link StopwordSelector} chose from document frequencies, and inverse document frequencies counted by
 * {@link TermStatistics}. Use it as Tribuo uses any text pipeline, e.g.
 * {@code new TextFeatureExtractorImpl<>(pipeline)} in a {@code SimpleTextDataSource}.
 *
 * <p>{@link #fit} counts the training documents once: each document's terms are
 * {@link TextPipeline#terms(String)} (tokens, normalised, empty ones dropped); the selector's stopwords (e.g. max-df
 * for function words, min-df for rare terms) are removed; every other term seen gets
 * {@code idf(t) = ln((1 + N) / (1 + df(t))) + 1} ({@code N} documents; the smoothed IDF of scikit-learn's
 * {@code TfidfVectorizer}). {@link #process} gives a document one feature per distinct known term, named after the
 * term (prefixed {@code tag-} when the tag is not empty), with value {@code tf(t, d) · idf(t)} divided by the
 * Euclidean norm of all of the document's values; terms unseen in fitting and stopwords give no feature, so a
 * document of only such terms gives none (Tribuo then drops the example). Features come in term order.
 *
 * <p>Provenance (Tribuo's {@code ConfiguredObjectProvenance}): the {@code @Config} fields describe the fitted
 * pipeline completely (the Tolk pipeline as its {@link PipelineSpec} JSON with the stopwords, the number of
 * documents, the terms and their document frequencies), so the provenance of a model trained on these features
 * rebuilds this exact pipeline ({@code ProvenanceUtil.extractConfiguration}). It grows with the number of terms:
 * fit with a min-df criterion to keep it small. Immutable and thread-safe once configured.
 */
public final class TribuoTextPipeline implements org.tribuo.data.text.TextPipeline {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Config(
            mandatory = true,
            description = "The Tolk pipeline (normaliser, tokenizer, BPE merges, stopwords) as the JSON of"
                    + " dev.tolk.tokenizer.PipelineSpec.")
    private String pipeline;

    @Config(mandatory = true, description = "Number of documents the document frequencies were counted over.")
    private long documents;

    @Config(mandatory = true, description = "The terms that give features (each with its document frequency).")
    private List<String> terms;

    @Config(mandatory = true, description = "Document frequency of each term, in the order of terms.")
    private long[] documentFrequencies;

    private TextPipeline tolk;
    private Map<String, Double> idf;

    /** For OLCUT configuration (which calls {@link #postConfig()}); use {@link #fit} otherwise. */
    @SuppressWarnings("unused")
    private TribuoTextPipeline() {}

    private TribuoTextPipeline(TextPipeline tolk, long documents, List<String> terms, long[] documentFrequencies) {
        this.pipeline = compact(tolk.toJson());
        this.documents = documents;
        this.terms = terms;
        this.documentFrequencies = documentFrequencies;
        postConfig();
    }

    /**
     * Fits TF-IDF weights on {@code documents} with no stopwords.
     *
     * @param pipeline normaliser and tokenizer (its own stopwords, if any, are kept)
     * @param documents the training documents, read once
     * @throws IllegalArgumentException if there are no documents or no terms in them
     */
    public static TribuoTextPipeline fit(TextPipeline pipeline, Iterable<String> documents) {
        return fit(pipeline, null, documents);
    }

    /**
     * Fits the stopword filter and TF-IDF weights on {@code documents}.
     *
     * @param pipeline normaliser and tokenizer (its own stopwords, if any, are kept)
     * @param stopwords chooses the stopwords from the documents' term statistics ({@code null}: none)
     * @param documents the training documents, read once
     * @throws IllegalArgumentException if there are no documents, or no terms are left after removing stopwords
     */
    public static TribuoTextPipeline fit(
            TextPipeline pipeline, StopwordSelector stopwords, Iterable<String> documents) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(documents, "documents");
        TermStatistics stats = new TermStatistics();
        for (String document : documents) {
            stats.addDocument(pipeline.terms(document));
        }
        if (stats.documents() == 0) {
            throw new IllegalArgumentException("TribuoTextPipeline.fit: no documents to count terms in");
        }
        Set<String> removed = new LinkedHashSet<>(pipeline.spec().stopwords());
        if (stopwords != null) {
            for (Stopword s : stopwords.select(stats)) {
                removed.add(s.term());
            }
        }
        List<String> terms = new ArrayList<>();
        List<Long> dfs = new ArrayList<>();
        for (TermStat s : stats.ranked()) {
            if (!removed.contains(s.term())) {
                terms.add(s.term());
                dfs.add(s.df());
            }
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("TribuoTextPipeline.fit: every one of the " + stats.distinctTerms()
                    + " terms in " + stats.documents() + " documents is a stopword; relax the stopword criteria");
        }
        long[] df = new long[dfs.size()];
        for (int i = 0; i < df.length; i++) {
            df[i] = dfs.get(i);
        }
        return new TribuoTextPipeline(
                pipeline.withStopwords(List.copyOf(removed)), stats.documents(), List.copyOf(terms), df);
    }

    /** {@code json} on one line: provenance stored as XML keeps attribute values but not their line breaks. */
    private static String compact(String json) {
        try {
            return JSON.readTree(json).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("TribuoTextPipeline: the pipeline spec is not JSON", e);
        }
    }

    /** Validates the configuration and computes the inverse document frequencies. */
    @Override
    public void postConfig() {
        try {
            tolk = TextPipeline.fromJson(pipeline, "TribuoTextPipeline property 'pipeline'");
        } catch (TokenizerFormatException e) {
            throw new PropertyException("", "pipeline", e.getMessage());
        }
        if (documents < 1) {
            throw new PropertyException("", "documents", "documents must be at least 1, got " + documents);
        }
        if (terms.size() != documentFrequencies.length) {
            throw new PropertyException(
                    "",
                    "documentFrequencies",
                    "documentFrequencies has " + documentFrequencies.length + " values but terms has " + terms.size()
                            + " entries: give one document frequency per term");
        }
        if (terms.isEmpty()) {
            throw new PropertyException("", "terms", "terms is empty: the pipeline would give no features");
        }
        Set<String> stopwords = Set.copyOf(tolk.spec().stopwords());
        Map<String, Double> weights = new HashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            long df = documentFrequencies[i];
            if (term == null || term.isEmpty()) {
                throw new PropertyException("", "terms", "terms[" + i + "] is empty");
            }
            if (stopwords.contains(term)) {
                throw new PropertyException("", "terms", "terms[" + i + "] '" + term + "' is also a stopword");
            }
            if (df < 1 || df > documents) {
                throw new PropertyException(
                        "",
                        "documentFrequencies",
                        "documentFrequencies[" + i + "] (term '" + term + "') is " + df + ", must be in [1, "
                                + documents + "] (documents)");
            }
            if (weights.put(term, idf(df, documents)) != null) {
                throw new PropertyException("", "terms", "terms[" + i + "] '" + term + "' appears twice");
            }
        }
        idf = Map.copyOf(weights);
    }

    private static double idf(long df, long documents) {
        return Math.log((1.0 + documents) / (1.0 + df)) + 1.0;
    }

    /**
     * The L2-normalised TF-IDF features of {@code data}, one per distinct known term, in term order.
     *
     * @param tag prefix of the feature names ({@code tag-term}); empty or {@code null} for the bare term
     * @param data the document
     */
    @Override
    public List<Feature> process(String tag, String data) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String term : tolk.terms(data)) {
            if (idf.containsKey(term)) {
                counts.merge(term, 1, Integer::sum);
            }
        }
        double[] values = new double[counts.size()];
        double sumOfSquares = 0;
        int i = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            values[i] = e.getValue() * idf.get(e.getKey());
            sumOfSquares += values[i] * values[i];
            i++;
        }
        double norm = Math.sqrt(sumOfSquares);
        String prefix = tag == null || tag.isEmpty() ? "" : tag + "-";
        List<Feature> features = new ArrayList<>(counts.size());
        i = 0;
        for (String term : counts.keySet()) {
            features.add(new Feature(prefix + term, values[i++] / norm));
        }
        return features;
    }

    /** The Tolk pipeline (normaliser, tokenizer and stopwords) that gives the terms. */
    public TextPipeline tolkPipeline() {
        return tolk;
    }

    /** The stopwords removed before counting. */
    public List<String> stopwords() {
        return tolk.spec().stopwords();
    }

    /** The terms that give features, by Zipf rank in the fitted documents. */
    public List<String> terms() {
        return List.copyOf(terms);
    }

    /** Number of documents fitted on. */
    public long documents() {
        return documents;
    }

    /** The inverse document frequency of {@code term}, or 0 if it gives no feature. */
    public double idf(String term) {
        return idf.getOrDefault(term, 0.0);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "TextPipeline");
    }

    @Override
    public String toString() {
        return "TribuoTextPipeline(" + tolk + ", " + terms.size() + " terms, " + documents + " documents)";
    }
}
