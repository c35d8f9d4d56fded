package dev.tolk.seq2seq.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.CorpusException;
import dev.tolk.data.TextCursor;
import dev.tolk.data.TextRecord;
import java.util.Optional;

/** JSON-lines input: one JSON object per line, the sentence in a string field; a blank line is an empty sentence. */
final class JsonLinesInput implements TranslationInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TextCursor lines;
    private final String name;
    private final String field;
    private long id;

    JsonLinesInput(TextCursor lines, String name, String field) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("a JSON field name is required");
        }
        this.lines = lines;
        this.name = name;
        this.field = field;
    }

    @Override
    public Optional<SourceRecord> next() {
        if (!lines.hasNext()) {
            return Optional.empty();
        }
        TextRecord line = lines.next();
        long n = line.line();
        if (line.text().isBlank()) {
            return Optional.of(new SourceRecord(id++, n, ""));
        }
        JsonNode node;
        try {
            node = JSON.readTree(line.text());
        } catch (JsonProcessingException e) {
            int column =
                    e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
            throw new CorpusException(
                    name,
                    n,
                    column,
                    "not valid JSON (" + e.getOriginalMessage() + "); each line must be one JSON object",
                    e);
        }
        if (node == null || !node.isObject()) {
            throw new CorpusException(name, n, 0, "expected a JSON object with a \"" + field + "\" field", null);
        }
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new CorpusException(
                    name,
                    n,
                    0,
                    "field \"" + field + "\" is " + (v == null ? "missing" : "not a string")
                            + "; choose the field with the sentence",
                    null);
        }
        return Optional.of(new SourceRecord(id++, n, v.textValue()));
    }

    @Override
    public void close() {
        lines.close();
    }
}
