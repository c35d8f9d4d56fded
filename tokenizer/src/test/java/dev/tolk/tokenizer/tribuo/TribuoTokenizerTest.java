package dev.tolk.tokenizer.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.tokenizer.BpeLearner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Feature;
import org.tribuo.data.text.impl.TokenPipeline;
import org.tribuo.util.tokens.Token;

class TribuoTokenizerTest {
    @Test
    void worksInsideTribuosTokenPipeline() {
        // unigram features with term counting: Tribuo names features "<tag>-<ngram>-<token>"
        TokenPipeline pipeline = new TokenPipeline(TribuoTokenizer.word(), 1, true);
        List<Feature> features = pipeline.process("T", "Don't stop, don't\u00A0stop!");
        Map<String, Double> byName = new TreeMap<>();
        for (Feature f : features) {
            byName.merge(f.getName(), f.getValue(), Double::sum);
        }
        assertEquals(
                Map.of("T-1-N=Don't", 1.0, "T-1-N=stop", 2.0, "T-1-N=,", 1.0, "T-1-N=don't", 1.0, "T-1-N=!", 1.0),
                byName);
    }

    @Test
    void tribuoDefaultMethodsSeeExactOffsets() {
        TribuoTokenizer t = TribuoTokenizer.word();
        String text = "Va\u202F! 3.5";
        List<Token> tokens = t.tokenize(text);
        assertEquals(3, tokens.size());
        for (Token tok : tokens) {
            assertEquals(text.substring(tok.start, tok.end), tok.text);
        }
        assertEquals(List.of("Va", "!", "3.5"), t.split(text));
        assertEquals(
                List.of("V", "a", "!", "3", ".", "5"), TribuoTokenizer.chars().split(text));
    }

    @Test
    void lifecycleIsEnforcedAndClonesAreIndependent() throws Exception {
        TribuoTokenizer t = TribuoTokenizer.word();
        assertThrows(IllegalStateException.class, t::advance);
        t.reset("a b");
        assertThrows(IllegalStateException.class, t::getText);
        org.tribuo.util.tokens.Tokenizer c = t.clone();
        c.reset("x");
        assertTrue(t.advance());
        assertEquals("a", t.getText());
        assertTrue(c.advance());
        assertEquals("x", c.getText());
        assertTrue(t.getProvenance().getClassName().endsWith("TribuoTokenizer"));
    }

    @Test
    void bpeModelFromFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bpe.json");
        new BpeLearner(40)
                .learn(List.of("lower lowest low low", "newest widest"))
                .save(f);
        TribuoTokenizer t = TribuoTokenizer.bpe(f);
        String text = "lowest newer";
        for (Token tok : t.tokenize(text)) {
            assertEquals(text.substring(tok.start, tok.end), tok.text);
        }
        assertEquals("lowestnewer", String.join("", t.split(text)));
    }

    @Test
    void configuredThroughOlcutWithProvenance(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tok.xml");
        java.nio.file.Files.writeString(
                config,
                "<config>\n"
                        + "  <component name=\"tok\" type=\"dev.tolk.tokenizer.tribuo.TribuoTokenizer\">\n"
                        + "    <property name=\"type\" value=\"char\"/>\n"
                        + "  </component>\n"
                        + "</config>\n");
        com.oracle.labs.mlrg.olcut.config.ConfigurationManager cm =
                new com.oracle.labs.mlrg.olcut.config.ConfigurationManager(config.toString());
        TribuoTokenizer t = (TribuoTokenizer) cm.lookup("tok");
        assertEquals(List.of("a", "b"), t.split("a b"));
        assertEquals(
                "char", t.getProvenance().getConfiguredParameters().get("type").toString());
        cm.close();
    }

    @Test
    void badConfigurationIsReported(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tok.xml");
        java.nio.file.Files.writeString(
                config,
                "<config>\n"
                        + "  <component name=\"tok\" type=\"dev.tolk.tokenizer.tribuo.TribuoTokenizer\">\n"
                        + "    <property name=\"type\" value=\"bpe\"/>\n"
                        + "  </component>\n"
                        + "</config>\n");
        com.oracle.labs.mlrg.olcut.config.ConfigurationManager cm =
                new com.oracle.labs.mlrg.olcut.config.ConfigurationManager(config.toString());
        Exception e = assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class, () -> cm.lookup("tok"));
        assertTrue(e.getMessage().contains("bpeModel"), e.getMessage());
        cm.close();
    }
}
