package dev.tolk.seq2seq.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a configuration document (YAML or JSON) into section -> key -> raw value, recording the file, line and
 * column of every key, rejecting unknown sections and keys, duplicates, and non-scalar values.
 */
final class ConfigFileParser {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, SectionBinder<?>> binders;

    ConfigFileParser(Map<String, SectionBinder<?>> binders) {
        this.binders = binders;
    }

    Map<String, Map<String, RawValue>> parse(String content, String sourceName, ConfigSyntax syntax) {
        Map<String, Map<String, RawValue>> out = new LinkedHashMap<>();
        try (JsonParser p = (syntax == ConfigSyntax.YAML ? YAML : JSON).createParser(content)) {
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) {
                return out;
            }
            if (t != JsonToken.START_OBJECT) {
                throw new ConfigException(
                        null,
                        where(sourceName, p.currentTokenLocation()),
                        "a configuration must be a mapping of sections (" + String.join(", ", binders.keySet()) + ")",
                        null);
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String section = p.currentName();
                String sectionAt = where(sourceName, p.currentTokenLocation());
                SectionBinder<?> binder = binders.get(section);
                if (binder == null) {
                    throw new ConfigException(
                            section,
                            sectionAt,
                            "unknown section '" + section + "' (valid sections: " + String.join(", ", binders.keySet())
                                    + ")",
                            null);
                }
                if (out.containsKey(section)) {
                    throw new ConfigException(section, sectionAt, "section '" + section + "' appears twice", null);
                }
                Map<String, RawValue> values = new LinkedHashMap<>();
                out.put(section, values);
                t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new ConfigException(
                            section,
                            sectionAt,
                            "section '" + section + "' must be a mapping of keys (valid keys: "
                                    + String.join(", ", binder.keys()) + ")",
                            null);
                }
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String keyAt = where(sourceName, p.currentTokenLocation());
                    if (!binder.keys().contains(key)) {
                        throw new ConfigException(section + "." + key, keyAt, binder.unknownKeyMessage(key), null);
                    }
                    if (values.containsKey(key)) {
                        throw new ConfigException(
                                section + "." + key, keyAt, "key '" + section + "." + key + "' appears twice", null);
                    }
                    t = p.nextToken();
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        throw new ConfigException(
                                section + "." + key,
                                keyAt,
                                "key '" + section + "." + key + "' expects a single value, not a "
                                        + (t == JsonToken.START_ARRAY ? "list" : "mapping"),
                                null);
                    }
                    values.put(key, new RawValue(t == JsonToken.VALUE_NULL ? null : p.getText(), keyAt));
                }
            }
            if (p.nextToken() != null) {
                throw new ConfigException(
                        null,
                        where(sourceName, p.currentTokenLocation()),
                        "unexpected content after the configuration mapping (one document only)",
                        null);
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    null, where(sourceName, e.getLocation()), "not valid " + syntax + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(null, sourceName, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String where(String sourceName, JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return sourceName;
        }
        return sourceName + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    }
}
