package dev.tolk.seq2seq.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The complete, validated configuration of a seq2seq run: sections {@code model}, {@code data}, {@code train} and
 * {@code decode}. Immutable; every default is the {@code DEFAULTS} constant of its section record.
 *
 * <p>Layering: {@link #DEFAULTS}, then a YAML or JSON file ({@link #load(Path, List)}), then {@code section.key=value}
 * overrides ({@link #withOverrides(List)}). Unknown sections and keys are rejected with the valid ones listed,
 * located at {@code file:line:column}. {@link #toJson()} is canonical (sections and keys in declaration order), so
 * {@link #configHash()} is stable across runs and machines.
 *
 * @param model architecture
 * @param data corpus and vocabulary
 * @param train optimisation and run control
 * @param decode translation
 */
public record Seq2SeqConfig(ModelConfig model, DataConfig data, TrainConfig train, DecodeConfig decode) {

    /** Every default. */
    public static final Seq2SeqConfig DEFAULTS =
            new Seq2SeqConfig(ModelConfig.DEFAULTS, DataConfig.DEFAULTS, TrainConfig.DEFAULTS, DecodeConfig.DEFAULTS);

    private static final SectionBinder<ModelConfig> MODEL =
            new SectionBinder<>("model", ModelConfig.class, ModelConfig.DEFAULTS);
    private static final SectionBinder<DataConfig> DATA =
            new SectionBinder<>("data", DataConfig.class, DataConfig.DEFAULTS);
    private static final SectionBinder<TrainConfig> TRAIN =
            new SectionBinder<>("train", TrainConfig.class, TrainConfig.DEFAULTS);
    private static final SectionBinder<DecodeConfig> DECODE =
            new SectionBinder<>("decode", DecodeConfig.class, DecodeConfig.DEFAULTS);
    private static final Map<String, SectionBinder<?>> SECTIONS = sections();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    /** Requires every section. */
    public Seq2SeqConfig {
        if (model == null || data == null || train == null || decode == null) {
            throw new ConfigException(null, "every section (model, data, train, decode) is required");
        }
    }

    private static Map<String, SectionBinder<?>> sections() {
        Map<String, SectionBinder<?>> m = new LinkedHashMap<>();
        for (SectionBinder<?> b : List.of(MODEL, DATA, TRAIN, DECODE)) {
            m.put(b.section(), b);
        }
        return m;
    }

    /** @return every valid key as {@code section.key}, in declaration order */
    public static List<String> validKeys() {
        List<String> out = new ArrayList<>();
        SECTIONS.values().forEach(b -> b.keys().forEach(k -> out.add(b.section() + "." + k)));
        return out;
    }

    /**
     * Loads a YAML ({@code .yaml}, {@code .yml}, anything else) or JSON ({@code .json}) file over the defaults.
     *
     * @param file the configuration file, strict UTF-8
     * @return the validated configuration
     * @throws ConfigException when the file is missing, unreadable, or invalid (located at file:line:column)
     */
    public static Seq2SeqConfig load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads a file, then applies command-line overrides.
     *
     * @param file the configuration file
     * @param overrides {@code section.key=value} assignments, applied in order
     * @return the validated configuration
     * @throws ConfigException on any invalid input, naming the key
     */
    public static Seq2SeqConfig load(Path file, List<String> overrides) {
        return DEFAULTS.withFile(file).withOverrides(overrides);
    }

    /**
     * Layers a configuration file over this configuration (e.g. over a trained model's settings when fine-tuning):
     * the keys the file sets take its values, the others keep this configuration's.
     *
     * @param file the configuration file (YAML, or JSON by its {@code .json} extension)
     * @return the validated configuration
     * @throws ConfigException on any invalid input, naming the key and its location
     */
    public Seq2SeqConfig withFile(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, file.toString(), "configuration file not found; check the path", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(null, file.toString(), "not valid UTF-8; save the file as UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(null, file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return apply(new ConfigFileParser(SECTIONS).parse(text, file.toString(), ConfigSyntax.of(file)));
    }

    /**
     * @param content the document
     * @param sourceName used in error messages (a file name, or e.g. {@code <model header>})
     * @param syntax YAML or JSON
     * @return {@link #DEFAULTS} with the document's values applied
     * @throws ConfigException on unknown keys, type errors or invalid values, with the location
     */
    public static Seq2SeqConfig parse(String content, String sourceName, ConfigSyntax syntax) {
        Map<String, Map<String, RawValue>> raw = new ConfigFileParser(SECTIONS).parse(content, sourceName, syntax);
        return DEFAULTS.apply(raw);
    }

    /**
     * Reads a configuration from its JSON form (as stored in a model or checkpoint header); missing keys take
     * their defaults, unknown keys are rejected.
     *
     * @param node an object node as produced by {@link #toJson()}
     * @return the configuration
     */
    public static Seq2SeqConfig fromJson(JsonNode node) {
        try {
            return parse(JSON.writeValueAsString(node), "<json config>", ConfigSyntax.JSON);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param assignments {@code section.key=value} strings, applied in order
     * @return this configuration with the assignments applied, validated
     * @throws ConfigException on a malformed assignment, an unknown key, or an invalid value
     */
    public Seq2SeqConfig withOverrides(List<String> assignments) {
        Map<String, Map<String, RawValue>> raw = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            int dot = a.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new ConfigException(
                        null, "override '" + a + "' must look like section.key=value, e.g. train.lr=0.001");
            }
            String section = a.substring(0, dot).trim();
            String key = a.substring(dot + 1, eq).trim();
            SectionBinder<?> binder = SECTIONS.get(section);
            if (binder == null) {
                throw new ConfigException(
                        section,
                        "unknown section '" + section + "' in override '" + a + "' (valid sections: "
                                + String.join(", ", SECTIONS.keySet()) + ")");
            }
            if (!binder.keys().contains(key)) {
                throw new ConfigException(section + "." + key, binder.unknownKeyMessage(key));
            }
            raw.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, new RawValue(a.substring(eq + 1), null));
        }
        return apply(raw);
    }

    /** @return this configuration with a single {@code section.key=value} override applied */
    public Seq2SeqConfig withOverride(String assignment) {
        return withOverrides(List.of(assignment));
    }

    private Seq2SeqConfig apply(Map<String, Map<String, RawValue>> raw) {
        Map<String, RawValue> none = Map.of();
        return new Seq2SeqConfig(
                MODEL.bind(model, raw.getOrDefault("model", none)),
                DATA.bind(data, raw.getOrDefault("data", none)),
                TRAIN.bind(train, raw.getOrDefault("train", none)),
                DECODE.bind(decode, raw.getOrDefault("decode", none)));
    }

    /** @return the canonical JSON form: every key, sections and keys in declaration order */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("model", MODEL.toJson(model));
        root.set("data", DATA.toJson(data));
        root.set("train", TRAIN.toJson(train));
        root.set("decode", DECODE.toJson(decode));
        return root;
    }

    /** @return {@link #toJson()} pretty-printed, for saving next to a model */
    public String toJsonString() {
        try {
            return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the effective configuration as YAML, loadable by {@link #parse(String, String, ConfigSyntax)} */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return lower-case hex SHA-256 of the compact canonical JSON ({@link #toJson()}) in UTF-8 */
    public String configHash() {
        return hashOf(toJson());
    }

    /**
     * @param json a configuration's JSON form as stored (e.g. in a checkpoint header written by an older Tolk, which
     *     lacks the keys added since)
     * @return lower-case hex SHA-256 of its compact UTF-8 serialisation: {@link #configHash()} for {@link #toJson()}
     */
    public static String hashOf(JsonNode json) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(json);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * @param other another configuration
     * @return one line per differing key, {@code section.key: this -> other}, in declaration order
     */
    public List<String> differencesTo(Seq2SeqConfig other) {
        List<String> out = new ArrayList<>();
        out.addAll(MODEL.differences(model, other.model));
        out.addAll(DATA.differences(data, other.data));
        out.addAll(TRAIN.differences(train, other.train));
        out.addAll(DECODE.differences(decode, other.decode));
        return out;
    }
}
