package dev.tolk.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Reads and validates a {@code POST /v1/translate} body, e.g.
 * {@code {"text": ["a sentence", "another"], "beam": 5, "nbest": 1, "attention": false}}. Every problem is a
 * {@link BadRequestException} naming the field: malformed JSON and invalid UTF-8 (at the value where they occur),
 * duplicate or unknown fields, wrong types, more sentences or tokens than the limits, a beam or n-best out of
 * range. Thread-safe.
 */
public final class TranslateRequestParser {
    /** The fields a request may have. */
    public static final List<String> FIELDS = List.of("text", "beam", "nbest", "attention");

    private static final Set<String> KNOWN = Set.copyOf(FIELDS);

    private final ObjectMapper json = JsonMapper.builder().build();
    private final int maxLines;
    private final int maxLineTokens;
    private final int maxBeam;
    private final int defaultBeam;
    private final int defaultNbest;
    private final ToIntFunction<String> tokens;

    /**
     * @param maxLines the most sentences per request
     * @param maxLineTokens the most tokens per sentence
     * @param maxBeam the widest beam
     * @param defaultBeam the beam when the request gives none (capped at {@code maxBeam})
     * @param defaultNbest the n-best when the request gives none (capped at the beam)
     * @param tokens counts a sentence's tokens as the model encodes it
     */
    public TranslateRequestParser(
            int maxLines,
            int maxLineTokens,
            int maxBeam,
            int defaultBeam,
            int defaultNbest,
            ToIntFunction<String> tokens) {
        this.maxLines = maxLines;
        this.maxLineTokens = maxLineTokens;
        this.maxBeam = maxBeam;
        this.defaultBeam = Math.min(defaultBeam, maxBeam);
        this.defaultNbest = defaultNbest;
        this.tokens = tokens;
    }

    /**
     * @param body the request body, UTF-8 JSON
     * @return the validated request
     * @throws BadRequestException naming the field at fault
     */
    public TranslateRequest parse(byte[] body) {
        JsonNode root = readTree(body);
        if (root == null || !root.isObject()) {
            throw new BadRequestException(
                    BadRequestException.BODY,
                    "expected a JSON object such as {\"text\": [\"a sentence\"]}, got " + kind(root));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw new BadRequestException(name, "unknown field; valid fields: " + String.join(", ", FIELDS));
            }
        }
        List<String> text = text(root.get("text"));
        int beam = root.has("beam") ? integer("beam", root.get("beam"), 1, maxBeam) : defaultBeam;
        int nbest = root.has("nbest") ? integer("nbest", root.get("nbest"), 1, beam) : Math.min(defaultNbest, beam);
        boolean attention = false;
        if (root.has("attention")) {
            JsonNode a = root.get("attention");
            if (!a.isBoolean()) {
                throw new BadRequestException("attention", "expected true or false, got " + kind(a));
            }
            attention = a.booleanValue();
        }
        return new TranslateRequest(text, new DecodeSettings(beam, nbest, attention));
    }

    private JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException(
                    BadRequestException.BODY, "empty; expected a JSON object such as {\"text\": [\"a sentence\"]}");
        }
        TreeReader reader = new TreeReader();
        try (JsonParser p = json.createParser(body)) {
            try {
                p.nextToken();
                JsonNode root = reader.value(p, BadRequestException.BODY);
                reader.where = BadRequestException.BODY;
                if (p.nextToken() != null) {
                    throw new BadRequestException(
                            BadRequestException.BODY,
                            "unexpected content after the JSON value at line "
                                    + p.currentLocation().getLineNr() + ", column "
                                    + p.currentLocation().getColumnNr());
                }
                return root;
            } catch (JsonProcessingException e) {
                throw new BadRequestException(
                        reader.fieldAt(p),
                        "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                                + e.getLocation().getColumnNr() + ": " + firstLine(e.getOriginalMessage()));
            }
        } catch (IOException e) {
            throw new BadRequestException(BadRequestException.BODY, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Builds the JSON tree from the token stream while keeping the path of what it is reading, so that a parse
     * error (malformed JSON, invalid UTF-8 inside a string) names its field: {@code text[2]} for the third sentence,
     * {@code beam} for the beam's value, the enclosing object for a misplaced comma. Duplicate fields are refused.
     */
    private static final class TreeReader {
        String where = BadRequestException.BODY;
        /** True while moving to an object's next field; {@link #lastName} is then the field read before. */
        private boolean betweenFields;

        private String lastName;

        /** @return the field where the parser stopped */
        String fieldAt(JsonParser p) {
            String name = p.getParsingContext().getCurrentName();
            if (betweenFields && name != null && !name.equals(lastName)) {
                return child(where, name); // the parser read the name and failed on its value
            }
            return where;
        }

        private static String child(String path, String name) {
            return path.equals(BadRequestException.BODY) ? name : path + "." + name;
        }

        /** Reads the value at the parser's current token; {@code path} names it. */
        JsonNode value(JsonParser p, String path) throws IOException {
            where = path;
            JsonToken t = p.currentToken();
            if (t == null) {
                throw new BadRequestException(path, "the JSON ends too early");
            }
            JsonNodeFactory f = JsonNodeFactory.instance;
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode o = f.objectNode();
                    String last = null;
                    while (true) {
                        where = path;
                        lastName = last;
                        betweenFields = true;
                        JsonToken next = p.nextToken();
                        betweenFields = false;
                        if (next == JsonToken.END_OBJECT) {
                            return o;
                        }
                        String name = p.currentName();
                        last = name;
                        String child = child(path, name);
                        if (o.has(name)) {
                            throw new BadRequestException(child, "duplicate field");
                        }
                        where = child;
                        p.nextToken();
                        o.set(name, value(p, child));
                    }
                }
                case START_ARRAY -> {
                    ArrayNode a = f.arrayNode();
                    for (int i = 0; ; i++) {
                        String child = (path.equals(BadRequestException.BODY) ? "" : path) + "[" + i + "]";
                        where = child;
                        if (p.nextToken() == JsonToken.END_ARRAY) {
                            return a;
                        }
                        a.add(value(p, child));
                    }
                }
                case VALUE_STRING -> {
                    return f.textNode(p.getText());
                }
                case VALUE_NUMBER_INT -> {
                    return switch (p.getNumberType()) {
                        case INT -> f.numberNode(p.getIntValue());
                        case LONG -> f.numberNode(p.getLongValue());
                        default -> f.numberNode(p.getBigIntegerValue());
                    };
                }
                case VALUE_NUMBER_FLOAT -> {
                    return f.numberNode(p.getDoubleValue());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return f.booleanNode(t == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    return f.nullNode();
                }
                default -> throw new BadRequestException(path, "unexpected JSON token " + t);
            }
        }
    }

    private List<String> text(JsonNode node) {
        if (node == null) {
            throw new BadRequestException("text", "required: an array of sentences, e.g. {\"text\": [\"Hello.\"]}");
        }
        if (!node.isArray()) {
            throw new BadRequestException("text", "expected an array of strings, got " + kind(node));
        }
        if (node.size() > maxLines) {
            throw new BadRequestException(
                    "text", node.size() + " sentences, more than the limit of " + maxLines + " per request");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isTextual()) {
                throw new BadRequestException("text[" + i + "]", "expected a string, got " + kind(s));
            }
            String t = s.textValue();
            int n = tokens.applyAsInt(t);
            if (n > maxLineTokens) {
                throw new BadRequestException(
                        "text[" + i + "]",
                        n + " tokens, more than the limit of " + maxLineTokens + "; split the sentence");
            }
            out.add(t);
        }
        return out;
    }

    private static int integer(String field, JsonNode node, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadRequestException(
                    field,
                    "expected an integer in [" + min + ", " + max + "], got " + kind(node)
                            + (node.isNumber() ? " " + node.asText() : ""));
        }
        int v = node.intValue();
        if (v < min || v > max) {
            throw new BadRequestException(field, "must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> n.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
