package dev.tolk.seq2seq.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** JSON-lines input: one JSON object per line, the sentence in a string field; a blank line is an empty sentence. */
final class JsonLinesInput implements TranslationInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Utf8LineReader reader;
    private final String source;
    private final String field;

    JsonLinesInput(InputStream in, String source, String field) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("a JSON field name is required");
        }
        this.reader = new Utf8LineReader(in, source);
        this.source = source;
        this.field = field;
    }

    @Override
    public Optional<SourceLine> next() throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return Optional.empty();
        }
        long n = reader.lineNumber();
        if (line.isBlank()) {
            return Optional.of(new SourceLine(n, ""));
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TranslationInputException(
                    source, n, "not valid JSON (" + e.getOriginalMessage() + "); each line must be one JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new TranslationInputException(source, n, "expected a JSON object with a \"" + field + "\" field");
        }
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new TranslationInputException(
                    source,
                    n,
                    "field \"" + field + "\" is " + (v == null ? "missing" : "not a string")
                            + "; choose the field with the sentence");
        }
        return Optional.of(new SourceLine(n, v.textValue()));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
