package dev.tolk.seq2seq.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The reference of every configuration key: its default ({@link Seq2SeqConfig#DEFAULTS}) and its meaning (the
 * resource {@code config-keys.properties}, kept in step with the records' {@code @param} docs), in
 * {@link Seq2SeqConfig#validKeys()} order; what {@code tolk config --defaults} prints.
 */
public final class ConfigKeys {
    private ConfigKeys() {}

    /**
     * One key.
     *
     * @param key {@code section.key}
     * @param defaultValue its default as JSON ({@code null} for an unset path)
     * @param meaning what it sets, its range or choices
     */
    public record Key(String key, JsonNode defaultValue, String meaning) {}

    /**
     * @return every valid key with its default and meaning
     * @throws IllegalStateException when a key has no documented meaning (a build defect, caught by its test)
     */
    public static List<Key> all() {
        Properties meanings = new Properties();
        try (InputStream in = ConfigKeys.class.getResourceAsStream("config-keys.properties")) {
            if (in == null) {
                throw new IllegalStateException("config-keys.properties is missing from the jar");
            }
            meanings.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode defaults = Seq2SeqConfig.DEFAULTS.toJson();
        List<Key> out = new ArrayList<>();
        for (String key : Seq2SeqConfig.validKeys()) {
            String meaning = meanings.getProperty(key);
            if (meaning == null) {
                throw new IllegalStateException(
                        "configuration key " + key + " has no meaning in config-keys.properties");
            }
            int dot = key.indexOf('.');
            out.add(new Key(key, defaults.path(key.substring(0, dot)).path(key.substring(dot + 1)), meaning));
        }
        return out;
    }

    /**
     * Every key for people, one line each, {@code section.key = default  # meaning}, the comments aligned (an unset
     * default is left empty).
     */
    public static List<String> describe() {
        List<Key> keys = all();
        int width = keys.stream()
                .mapToInt(k -> k.key().length() + 3 + k.defaultValue().asText().length())
                .max()
                .orElse(0);
        List<String> lines = new ArrayList<>();
        for (Key k : keys) {
            String head = k.key() + " = "
                    + (k.defaultValue().isNull() ? "" : k.defaultValue().asText());
            lines.add(head + " ".repeat(Math.max(1, width - head.length() + 2)) + "# " + k.meaning());
        }
        return lines;
    }

    /** Every key as a JSON array of {@code {"key", "default", "meaning"}} objects. */
    public static ArrayNode toJson() {
        ArrayNode a = new ObjectMapper().createArrayNode();
        for (Key k : all()) {
            ObjectNode o = a.addObject();
            o.put("key", k.key());
            o.set("default", k.defaultValue());
            o.put("meaning", k.meaning());
        }
        return a;
    }
}
