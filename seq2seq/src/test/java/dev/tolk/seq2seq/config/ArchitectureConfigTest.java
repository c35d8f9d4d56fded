package dev.tolk.seq2seq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The architecture keys of issue 18 ({@code model.decoder}, {@code model.layer_norm},
 * {@code model.enc_transition_depth}, {@code model.dec_transition_depth}, {@code model.residual}): defaults that
 * keep the earlier architecture, strict values with one-line errors, and old configurations (model headers without
 * the keys) still loading as what they were.
 */
class ArchitectureConfigTest {

    private static Seq2SeqConfig yaml(String text) {
        return Seq2SeqConfig.parse(text, "c.yaml", ConfigSyntax.YAML);
    }

    @Test
    void defaultsKeepTheEarlierArchitecture() {
        ModelConfig m = Seq2SeqConfig.DEFAULTS.model();
        assertEquals(DecoderType.BAHDANAU, m.decoder());
        assertFalse(m.layerNorm());
        assertEquals(1, m.encTransitionDepth());
        assertEquals(1, m.decTransitionDepth());
        assertFalse(m.residual());
        assertTrue(Seq2SeqConfig.validKeys()
                .containsAll(List.of(
                        "model.decoder",
                        "model.layer_norm",
                        "model.enc_transition_depth",
                        "model.dec_transition_depth",
                        "model.residual")));
    }

    @Test
    void theKeysBindFromAFile() {
        ModelConfig m = yaml("""
                        model:
                          decoder: cgru
                          layer_norm: true
                          enc_transition_depth: 2
                          dec_transition_depth: 3
                          layers: 2
                          residual: true
                        """).model();
        assertEquals(DecoderType.CGRU, m.decoder());
        assertTrue(m.layerNorm());
        assertEquals(2, m.encTransitionDepth());
        assertEquals(3, m.decTransitionDepth());
        assertTrue(m.residual());
        assertEquals(
                m,
                Seq2SeqConfig.parse(yaml("model:\n  decoder: cgru\n").toYaml(), "rt", ConfigSyntax.YAML)
                        .withOverrides(List.of(
                                "model.layer_norm=true",
                                "model.enc_transition_depth=2",
                                "model.dec_transition_depth=3",
                                "model.layers=2",
                                "model.residual=true"))
                        .model());
    }

    @Test
    void invalidValuesAreOneLineErrorsNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> yaml("model:\n  decoder: gru2\n"));
        assertEquals("c.yaml:2:3: 'model.decoder' must be one of bahdanau, cgru, got 'gru2'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> yaml("model:\n  attention: none\n  decoder: cgru\n"));
        assertEquals(
                "c.yaml:3:3: 'model.decoder' cgru attends to the source from its first GRU's state; it needs "
                        + "model.attention=bahdanau, got none",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> yaml("model:\n  residual: true\n"));
        assertEquals(
                "c.yaml:2:3: 'model.residual' adds each layer's input to its output from the second layer on; it "
                        + "needs model.layers >= 2, got 1",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> yaml("model:\n  dec_transition_depth: 0\n"));
        assertEquals("c.yaml:2:3: 'model.dec_transition_depth' must be in [1, 8], got 0", e.getMessage());
        e = assertThrows(ConfigException.class, () -> Seq2SeqConfig.DEFAULTS.withOverride("model.layer_norm=yes"));
        assertEquals("'model.layer_norm' expects true or false, got 'yes'", e.getMessage());
    }

    @Test
    void aHeaderWrittenBeforeTheKeysReadsAsTheEarlierArchitecture() {
        Seq2SeqConfig before = Seq2SeqConfig.DEFAULTS.withOverrides(List.of("model.cell=lstm", "model.layers=2"));
        ObjectNode json = before.toJson();
        ObjectNode model = (ObjectNode) json.get("model");
        for (String key :
                List.of("decoder", "layer_norm", "enc_transition_depth", "dec_transition_depth", "residual")) {
            assertTrue(model.has(key), key);
            model.remove(key);
        }
        assertEquals(before, Seq2SeqConfig.fromJson(json));
    }
}
