package dev.tolk.seq2seq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
    @Test
    void everyKeyHasItsDefaultAndAMeaningAndNoMeaningIsStale() throws IOException {
        List<ConfigKeys.Key> keys = ConfigKeys.all();
        assertEquals(
                Seq2SeqConfig.validKeys(),
                keys.stream().map(ConfigKeys.Key::key).toList());
        Properties p = new Properties();
        p.load(new InputStreamReader(
                ConfigKeys.class.getResourceAsStream("config-keys.properties"), StandardCharsets.UTF_8));
        assertEquals(new TreeSet<>(Seq2SeqConfig.validKeys()), new TreeSet<>(p.stringPropertyNames()));
        keys.forEach(k -> assertFalse(k.meaning().isBlank(), k.key()));
        ConfigKeys.Key ema = keys.stream()
                .filter(k -> k.key().equals("train.ema_decay"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.0, ema.defaultValue().asDouble());
        ConfigKeys.Key hidden = keys.stream()
                .filter(k -> k.key().equals("model.hidden_size"))
                .findFirst()
                .orElseThrow();
        assertEquals(256, hidden.defaultValue().asInt());
        assertEquals("recurrent state width (per direction), [1, 65536]", hidden.meaning());
        String decoder = keys.stream()
                .filter(k -> k.key().equals("model.decoder"))
                .findFirst()
                .orElseThrow()
                .meaning();
        assertTrue(decoder.contains("GRU₁ on the previous word"), "read as UTF-8: " + decoder);
    }

    @Test
    void describedOneLineAKeyWithTheCommentsAligned() {
        List<ConfigKeys.Key> keys = ConfigKeys.all();
        List<String> lines = ConfigKeys.describe();
        assertEquals(keys.size(), lines.size());
        int column = lines.get(0).indexOf("  # ") + 2;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.startsWith(keys.get(i).key() + " = "), line);
            assertEquals(column, line.indexOf("# "), line);
            assertTrue(line.endsWith("# " + keys.get(i).meaning()), line);
        }
        assertTrue(
                lines.contains("model.hidden_size = 256" + " ".repeat(column - 23) + "# "
                        + "recurrent state width (per direction), [1, 65536]"),
                lines.toString());
        var json = ConfigKeys.toJson();
        assertEquals(keys.size(), json.size());
        assertEquals(keys.get(0).key(), json.get(0).get("key").asText());
        assertEquals(keys.get(0).defaultValue(), json.get(0).get("default"));
        assertEquals(keys.get(0).meaning(), json.get(0).get("meaning").asText());
    }
}
