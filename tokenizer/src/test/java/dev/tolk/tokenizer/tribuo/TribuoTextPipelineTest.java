package dev.tolk.tokenizer.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.XMLProvenanceSerialization;
import dev.tolk.tokenizer.BpeLearner;
import dev.tolk.tokenizer.Normalizer;
import dev.tolk.tokenizer.StopwordCriteria;
import dev.tolk.tokenizer.StopwordSelector;
import dev.tolk.tokenizer.TextPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Feature;

class TribuoTextPipelineTest {
    /** The documents of src/test/resources/tribuo/tfidf_golden.py, as raw text. */
    private static final List<String> TRAIN = List.of(
            "The cat sat on the mat.",
            "The dog sat on the log.",
            "A cat and a dog!",
            "The cat, the dog and the bird.",
            "A bird sat on a log.");

    private static final String QUERY = "The CAT sat on the mat, the cat!";
    private static final TextPipeline LOWERCASE_WORDS = TextPipeline.word(Normalizer.DEFAULT.withLowercase(true));

    private static Map<String, Double> values(List<Feature> features) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Feature f : features) {
            assertEquals(null, out.put(f.getName(), f.getValue()), "feature " + f.getName() + " twice");
        }
        return out;
    }

    private static void assertValues(Map<String, Double> expected, Map<String, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), 1e-12, e.getKey());
        }
    }

    @Test
    void tfIdfEqualsScikitLearnWithoutStopwords() {
        TribuoTextPipeline p = TribuoTextPipeline.fit(LOWERCASE_WORDS, TRAIN);
        // golden: tfidf_golden.py, "no stopwords" (TfidfVectorizer defaults: smooth idf, l2 norm)
        Map<String, Double> idf = Map.ofEntries(
                Map.entry("!", 2.0986122886681096),
                Map.entry(",", 2.0986122886681096),
                Map.entry(".", 1.1823215567939547),
                Map.entry("a", 1.6931471805599454),
                Map.entry("and", 1.6931471805599454),
                Map.entry("bird", 1.6931471805599454),
                Map.entry("cat", 1.4054651081081644),
                Map.entry("dog", 1.4054651081081644),
                Map.entry("log", 1.6931471805599454),
                Map.entry("mat", 2.0986122886681096),
                Map.entry("on", 1.4054651081081644),
                Map.entry("sat", 1.4054651081081644),
                Map.entry("the", 1.4054651081081644));
        assertEquals(idf.keySet(), Set.copyOf(p.terms()));
        for (Map.Entry<String, Double> e : idf.entrySet()) {
            assertEquals(e.getValue(), p.idf(e.getKey()), 1e-15, e.getKey());
        }
        assertEquals(List.of(), p.stopwords());
        assertEquals(5, p.documents());
        assertValues(
                Map.of(
                        "!", 0.3206230881846679,
                        ",", 0.3206230881846679,
                        "cat", 0.42945003775178314,
                        "mat", 0.3206230881846679,
                        "on", 0.21472501887589157,
                        "sat", 0.21472501887589157,
                        "the", 0.6441750566276746),
                values(p.process("", QUERY)));
    }

    @Test
    void maxDfAndMinDfStopwordsEqualScikitLearns() {
        StopwordSelector selector = new StopwordSelector(new StopwordCriteria(0.7, null, 2L, null, null));
        TribuoTextPipeline p = TribuoTextPipeline.fit(LOWERCASE_WORDS, selector, TRAIN);
        // golden: tfidf_golden.py, "max_df=0.7, min_df=2"
        assertEquals(Set.of("!", ",", ".", "mat"), Set.copyOf(p.stopwords()));
        assertEquals(Set.of("a", "and", "bird", "cat", "dog", "log", "on", "sat", "the"), Set.copyOf(p.terms()));
        assertEquals(1.6931471805599454, p.idf("bird"), 1e-15);
        assertEquals(0.0, p.idf("mat"));
        assertValues(
                Map.of(
                        "cat", 0.5163977794943223,
                        "on", 0.25819888974716115,
                        "sat", 0.25819888974716115,
                        "the", 0.7745966692414834),
                values(p.process(null, QUERY)));
        // the stopwords are in the Tolk pipeline's own filter
        assertEquals(List.of("the", "cat", "sat", "on", "the"), p.tolkPipeline().terms("The cat sat on the mat."));
    }

    @Test
    void featuresAreInTermOrderAndTaggedWhenATagIsGiven() {
        TribuoTextPipeline p = TribuoTextPipeline.fit(LOWERCASE_WORDS, TRAIN);
        List<Feature> features = p.process("title", "the dog and a cat");
        assertEquals(
                List.of("title-a", "title-and", "title-cat", "title-dog", "title-the"),
                features.stream().map(Feature::getName).toList());
        double sumOfSquares = 0;
        for (Feature f : features) {
            sumOfSquares += f.getValue() * f.getValue();
        }
        assertEquals(1.0, sumOfSquares, 1e-12);
    }

    @Test
    void normalisesBeforeCounting() {
        TribuoTextPipeline p = TribuoTextPipeline.fit(LOWERCASE_WORDS, List.of("Crème brûlée", "Tarte tatin"));
        // decomposed accents, capitals, a no-break space and a soft hyphen: the same two terms
        List<Feature> odd = p.process("", "CRE\u0300ME\u00A0BRU\u0302\u00ADLE\u0301E");
        assertEquals(values(p.process("", "crème brûlée")), values(odd));
        assertEquals(2, odd.size());
    }

    @Test
    void unknownTermsGiveNoFeatures() {
        TribuoTextPipeline p = TribuoTextPipeline.fit(LOWERCASE_WORDS, TRAIN);
        assertEquals(List.of(), p.process("", "zebras graze"));
        assertEquals(Set.of("cat"), values(p.process("", "zebras cat")).keySet());
        assertEquals(1.0, p.process("", "zebras cat").get(0).getValue(), 1e-15);
    }

    @Test
    void fitRefusesNoDocumentsAndNoTermsLeft() {
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> TribuoTextPipeline.fit(LOWERCASE_WORDS, List.of()));
        assertEquals("TribuoTextPipeline.fit: no documents to count terms in", none.getMessage());
        StopwordSelector everything = new StopwordSelector(StopwordCriteria.topK(100));
        IllegalArgumentException all = assertThrows(
                IllegalArgumentException.class, () -> TribuoTextPipeline.fit(LOWERCASE_WORDS, everything, TRAIN));
        assertEquals(
                "TribuoTextPipeline.fit: every one of the 13 terms in 5 documents is a stopword;"
                        + " relax the stopword criteria",
                all.getMessage());
    }

    @Test
    void provenanceRoundTripsAndRebuildsTheSamePipeline() throws Exception {
        StopwordSelector selector = new StopwordSelector(new StopwordCriteria(0.7, null, 2L, null, null));
        TribuoTextPipeline p = TribuoTextPipeline.fit(LOWERCASE_WORDS, selector, TRAIN);
        ConfiguredObjectProvenance prov = p.getProvenance();
        assertEquals(TribuoTextPipeline.class.getName(), prov.getClassName());
        assertEquals("5", prov.getConfiguredParameters().get("documents").toString());

        // through text (OLCUT's XML provenance format) and back: equal
        XMLProvenanceSerialization xml = new XMLProvenanceSerialization(false);
        ObjectProvenance back = xml.deserializeAndUnmarshal(xml.marshalAndSerialize(prov));
        assertEquals(prov, back);

        // the provenance is a configuration that builds an equal pipeline
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(back));
        List<TribuoTextPipeline> rebuilt = cm.lookupAll(TribuoTextPipeline.class);
        assertEquals(1, rebuilt.size());
        TribuoTextPipeline q = rebuilt.get(0);
        assertEquals(p.tolkPipeline().spec(), q.tolkPipeline().spec());
        assertEquals(p.terms(), q.terms());
        assertEquals(prov, q.getProvenance());
        for (String text : List.of(QUERY, "a log, a dog", "Bird!")) {
            assertEquals(values(p.process("t", text)), values(q.process("t", text)));
        }
        cm.close();
    }

    @Test
    void bpePipelineKeepsItsMergesInTheProvenance() {
        TextPipeline bpe = TextPipeline.bpe(Normalizer.DEFAULT.withLowercase(true), new BpeLearner(30).learn(TRAIN));
        TribuoTextPipeline p = TribuoTextPipeline.fit(bpe, TRAIN);
        String spec =
                p.getProvenance().getConfiguredParameters().get("pipeline").toString();
        assertTrue(spec.contains("\"tokenizer\":\"bpe\""), spec);
        assertTrue(spec.contains("\"merges\""), spec);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(p.getProvenance()));
        TribuoTextPipeline q = cm.lookupAll(TribuoTextPipeline.class).get(0);
        assertEquals(values(p.process("", QUERY)), values(q.process("", QUERY)));
        assertFalse(p.process("", QUERY).isEmpty());
        cm.close();
    }

    private static Path config(Path dir, String properties) throws Exception {
        Path f = dir.resolve("pipeline.xml");
        Files.writeString(
                f,
                "<config>\n  <component name=\"p\" type=\"dev.tolk.tokenizer.tribuo.TribuoTextPipeline\">\n"
                        + properties
                        + "  </component>\n</config>\n");
        return f;
    }

    private static final String WORD_SPEC = TextPipeline.word().toJson().replace("\"", "&quot;");

    @Test
    void configuredByHandThroughOlcut(@TempDir Path dir) throws Exception {
        Path f = config(
                dir,
                "    <property name=\"pipeline\" value=\"" + WORD_SPEC + "\"/>\n"
                        + "    <property name=\"documents\" value=\"4\"/>\n"
                        + "    <propertylist name=\"terms\"><item>rain</item><item>sun</item></propertylist>\n"
                        + "    <propertylist name=\"documentFrequencies\"><item>1</item><item>3</item>"
                        + "</propertylist>\n");
        ConfigurationManager cm = new ConfigurationManager(f.toString());
        TribuoTextPipeline p = (TribuoTextPipeline) cm.lookup("p");
        assertEquals(Math.log(5.0 / 2.0) + 1, p.idf("rain"), 1e-15);
        assertEquals(Math.log(5.0 / 4.0) + 1, p.idf("sun"), 1e-15);
        assertEquals(
                Set.of("rain", "sun"),
                values(p.process("", "rain, sun and rain")).keySet());
        cm.close();
    }

    @Test
    void badConfigurationsAreReportedByProperty(@TempDir Path dir) throws Exception {
        String terms = "    <propertylist name=\"terms\"><item>rain</item><item>sun</item></propertylist>\n";
        Map<String, String> cases = Map.of(
                "    <property name=\"pipeline\" value=\"" + WORD_SPEC + "\"/>\n"
                        + "    <property name=\"documents\" value=\"4\"/>\n" + terms
                        + "    <propertylist name=\"documentFrequencies\"><item>1</item></propertylist>\n",
                "documentFrequencies has 1 values but terms has 2 entries",
                "    <property name=\"pipeline\" value=\"" + WORD_SPEC + "\"/>\n"
                        + "    <property name=\"documents\" value=\"2\"/>\n" + terms
                        + "    <propertylist name=\"documentFrequencies\"><item>1</item><item>3</item>"
                        + "</propertylist>\n",
                "documentFrequencies[1] (term 'sun') is 3, must be in [1, 2] (documents)",
                "    <property name=\"pipeline\" value=\"{}\"/>\n"
                        + "    <property name=\"documents\" value=\"4\"/>\n" + terms
                        + "    <propertylist name=\"documentFrequencies\"><item>1</item><item>3</item>"
                        + "</propertylist>\n",
                "TribuoTextPipeline property 'pipeline': not a valid pipeline spec");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ConfigurationManager cm =
                    new ConfigurationManager(config(dir, c.getKey()).toString());
            PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("p"));
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
            cm.close();
        }
    }
}
