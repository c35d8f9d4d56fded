package dev.tolk.seq2seq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.core.CellType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Seq2SeqConfigTest {
    @TempDir
    Path dir;

    private static Seq2SeqConfig yaml(String text) {
        return Seq2SeqConfig.parse(text, "c.yaml", ConfigSyntax.YAML);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Seq2SeqConfig d = Seq2SeqConfig.DEFAULTS;
        assertEquals(CellType.GRU, d.model().cell());
        assertEquals(AttentionType.BAHDANAU, d.model().attention());
        assertTrue(d.model().bidirectional());
        assertEquals(1.0, d.train().clipNorm());
        assertEquals(42, d.train().seed());
        assertEquals(BestMetric.BLEU, d.train().bestMetric());
        assertEquals(5, d.decode().beamSize());
        assertEquals("source", d.data().sourceColumn());
        assertNull(d.data().train());
        assertEquals(d, yaml(""));
        assertEquals(d, yaml("model:\n"));
    }

    @Test
    void yamlValuesOverrideDefaultsAndKeepTheRest() {
        Seq2SeqConfig c = yaml("""
                model:
                  cell: lstm
                  hidden_size: 64
                train:
                  lr: 1e-3
                  min_lr: 0.00001
                  seed: 7
                data:
                  train: corpus.csv
                  source_column: 1
                  target_column: 0
                """);
        assertEquals(CellType.LSTM, c.model().cell());
        assertEquals(64, c.model().hiddenSize());
        assertEquals(256, c.model().embeddingSize());
        assertEquals(0.001, c.train().lr());
        assertEquals(1e-5, c.train().minLr());
        assertEquals(7, c.train().seed());
        assertEquals("corpus.csv", c.data().train());
        assertEquals("1", c.data().sourceColumn());
        assertEquals(1, DataConfig.columnIndex(c.data().sourceColumn()));
    }

    @Test
    void theCellIsCoresCellTypeSpelledInLowerCase() {
        Seq2SeqConfig c = Seq2SeqConfig.DEFAULTS.withOverride("model.cell=rnn");
        assertEquals(CellType.RNN, c.model().cell());
        assertEquals("rnn", c.toJson().path("model").path("cell").asText());
        assertEquals(c, Seq2SeqConfig.fromJson(c.toJson()));
        assertEquals(CellType.RNN, CellType.parse("RNN"));
        assertEquals(
                "cell must be one of gru, lstm, rnn, got 'simple'",
                assertThrows(IllegalArgumentException.class, () -> CellType.parse("simple"))
                        .getMessage());
    }

    @Test
    void unknownKeyListsValidKeysOfItsSectionWithLocation() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> yaml("model:\n  layers: 2\ntrain:\n  epochs: 3\n  lrr: 0.1\n"));
        assertEquals("train.lrr", e.key());
        assertEquals("c.yaml:5:3", e.location());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "c.yaml:5:3: unknown key 'train.lrr' (valid keys in 'train': seed, batch_tokens, epochs, max_steps, lr, "),
                e.getMessage());
    }

    @Test
    void unknownSectionIsRejectedWithTheValidOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> yaml("trian:\n  lr: 1\n"));
        assertEquals(
                "c.yaml:1:1: unknown section 'trian' (valid sections: model, data, train, decode)", e.getMessage());
    }

    @Test
    void jsonFileErrorsAreLocatedToo() throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\n  \"decode\": {\n    \"beam\": 4\n  }\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Seq2SeqConfig.load(f));
        assertEquals(f + ":3:5", e.location());
        assertTrue(e.reason().startsWith("unknown key 'decode.beam' (valid keys in 'decode': beam_size,"), e.reason());
    }

    @Test
    void invalidValueNamesKeyRangeAndLocation() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> yaml("model:\n  cell: gru\n  embedding_dropout: 1.5\n"));
        assertEquals("c.yaml:3:3: 'model.embedding_dropout' must be in [0.0, 1.0), got 1.5", e.getMessage());
        ConfigException t = assertThrows(ConfigException.class, () -> yaml("model:\n  layers: two\n"));
        assertEquals("c.yaml:2:3: 'model.layers' expects an integer, got 'two'", t.getMessage());
        ConfigException b = assertThrows(ConfigException.class, () -> yaml("model:\n  bidirectional: yes\n"));
        assertEquals("c.yaml:2:3: 'model.bidirectional' expects true or false, got 'yes'", b.getMessage());
        ConfigException en = assertThrows(ConfigException.class, () -> yaml("model:\n  cell: transformer\n"));
        assertEquals("c.yaml:2:3: 'model.cell' must be one of gru, lstm, rnn, got 'transformer'", en.getMessage());
        ConfigException list = assertThrows(ConfigException.class, () -> yaml("train:\n  lr: [1, 2]\n"));
        assertEquals("c.yaml:2:3: key 'train.lr' expects a single value, not a list", list.getMessage());
    }

    @Test
    void crossFieldRulesAreChecked() {
        assertThrows(ConfigException.class, () -> yaml("decode:\n  beam_size: 2\n  nbest: 3\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> yaml("train:\n  lr: 0.001\n  min_lr: 0.01\n"));
        assertEquals("c.yaml:3:3: 'train.min_lr' must be in [0.0, 0.001], got 0.01", e.getMessage());
        ConfigException col = assertThrows(ConfigException.class, () -> yaml("data:\n  header: false\n"));
        assertTrue(col.getMessage()
                .contains("'data.source_column' is the column name 'source' but 'data.header' is false"));
    }

    @Test
    void duplicateKeysAndMalformedYamlAreRejected() {
        ConfigException dup = assertThrows(ConfigException.class, () -> yaml("train:\n  lr: 0.1\n  lr: 0.2\n"));
        assertTrue(dup.getMessage().contains("'train.lr' appears twice"), dup.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> yaml("train: [\n"));
        assertTrue(bad.getMessage().startsWith("c.yaml:"), bad.getMessage());
        ConfigException scalar = assertThrows(ConfigException.class, () -> yaml("42\n"));
        assertTrue(scalar.getMessage().contains("must be a mapping of sections"));
    }

    @Test
    void overridesApplyWithTypeChecking() {
        Seq2SeqConfig c = Seq2SeqConfig.DEFAULTS.withOverrides(
                List.of("train.lr=0.01", "model.cell=LSTM", "data.valid=v.csv", "decode.beam_size=1"));
        assertEquals(0.01, c.train().lr());
        assertEquals(CellType.LSTM, c.model().cell());
        assertEquals("v.csv", c.data().valid());
        assertEquals(1, c.decode().beamSize());
        ConfigException u = assertThrows(ConfigException.class, () -> c.withOverride("train.lrr=1"));
        assertTrue(u.getMessage().startsWith("unknown key 'train.lrr' (valid keys in 'train': seed,"));
        ConfigException t = assertThrows(ConfigException.class, () -> c.withOverride("train.epochs=1.5"));
        assertEquals("'train.epochs' expects an integer, got '1.5'", t.getMessage());
        assertThrows(ConfigException.class, () -> c.withOverride("train.lr=NaN"));
        assertThrows(ConfigException.class, () -> c.withOverride("lr=1"));
        assertThrows(ConfigException.class, () -> c.withOverride("decode.nbest=6"));
    }

    @Test
    void fileThenOverridesLayering() throws Exception {
        Path f = dir.resolve("c.yml");
        Files.writeString(f, "train:\n  epochs: 3\n  lr: 0.1\n");
        Seq2SeqConfig c = Seq2SeqConfig.load(f, List.of("train.lr=0.2"));
        assertEquals(3, c.train().epochs());
        assertEquals(0.2, c.train().lr());
    }

    @Test
    void missingAndNonUtf8FilesGiveClearErrors() throws Exception {
        ConfigException missing =
                assertThrows(ConfigException.class, () -> Seq2SeqConfig.load(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().endsWith("configuration file not found; check the path"));
        Path latin = dir.resolve("l.yaml");
        Files.write(latin, "data:\n  train: caf\u00e9.csv\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException enc = assertThrows(ConfigException.class, () -> Seq2SeqConfig.load(latin));
        assertTrue(enc.getMessage().contains("not valid UTF-8"));
    }

    @Test
    void yamlAndJsonRoundTripPreserveEverything() throws Exception {
        Seq2SeqConfig c = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "model.cell=rnn",
                "data.train=a b.csv",
                "train.lr=0.000123456789",
                "train.seed=-9000000000",
                "data.source_column=0",
                "data.target_column=true",
                "decode.overlong=truncate",
                "model.label_smoothing=0"));
        assertEquals(c, Seq2SeqConfig.parse(c.toYaml(), "rt.yaml", ConfigSyntax.YAML));
        assertEquals(c, Seq2SeqConfig.parse(c.toJsonString(), "rt.json", ConfigSyntax.JSON));
        assertEquals(c, Seq2SeqConfig.fromJson(new ObjectMapper().readTree(c.toJsonString())));
        assertEquals(
                c.configHash(),
                Seq2SeqConfig.parse(c.toYaml(), "rt.yaml", ConfigSyntax.YAML).configHash());
    }

    @Test
    void canonicalJsonIsOrderedAndHashIsStableAndSensitive() {
        String json = Seq2SeqConfig.DEFAULTS.toJson().toString();
        assertTrue(
                json.startsWith(
                        "{\"model\":{\"cell\":\"gru\",\"attention\":\"bahdanau\",\"bidirectional\":true,\"layers\":1,"),
                json);
        Seq2SeqConfig a = yaml("train:\n  lr: 0.002\n  seed: 1\n");
        Seq2SeqConfig b = yaml("train:\n  seed: 1\n  lr: 2e-3\n");
        assertEquals(a.configHash(), b.configHash());
        assertEquals(64, a.configHash().length());
        assertNotEquals(a.configHash(), a.withOverride("train.seed=2").configHash());
        assertEquals(List.of("train.seed: 1 -> 2"), a.differencesTo(a.withOverride("train.seed=2")));
    }

    @Test
    void validKeysCoverEverySection() {
        List<String> keys = Seq2SeqConfig.validKeys();
        assertTrue(keys.containsAll(List.of(
                "model.cell",
                "model.tied_embeddings",
                "data.bpe_vocab_size",
                "train.clip_norm",
                "train.keep_checkpoints",
                "train.precision",
                "decode.length_penalty",
                "decode.replace_unk")));
        assertEquals(16 + 14 + 17 + 7, keys.size());
    }
}
