package dev.tolk.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranslateRequestParserTest {
    /** Limits: 3 lines, 5 tokens per line (tokens = words here), beam ≤ 8; model defaults beam 4, nbest 2. */
    private final TranslateRequestParser parser = new TranslateRequestParser(
            3, 5, 8, 4, 2, s -> s.isBlank() ? 0 : s.trim().split(" +").length);

    private BadRequestException reject(String json) {
        return reject(json.getBytes(StandardCharsets.UTF_8));
    }

    private BadRequestException reject(byte[] body) {
        return assertThrows(BadRequestException.class, () -> parser.parse(body));
    }

    @Test
    void readsAFullRequest() {
        TranslateRequest r = parser.parse("{\"text\": [\"a b\", \"\"], \"beam\": 5, \"nbest\": 3, \"attention\": true}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a b", ""), r.text());
        assertEquals(new DecodeSettings(5, 3, true), r.settings());
    }

    @Test
    void defaultsComeFromTheModelAndNbestIsCappedAtTheBeam() {
        assertEquals(
                new DecodeSettings(4, 2, false),
                parser.parse("{\"text\": [\"x\"]}".getBytes(StandardCharsets.UTF_8))
                        .settings());
        assertEquals(
                new DecodeSettings(1, 1, false),
                parser.parse("{\"text\": [\"x\"], \"beam\": 1}".getBytes(StandardCharsets.UTF_8))
                        .settings());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // malformed JSON: the field where the parser stopped
                "{\"text\": [\"a\", }                     | text[1] | malformed JSON at line 1, column 16",
                "{\"text\": [\"a\"], \"beam\": 5,}          | body    | malformed JSON",
                "{\"text\": [\"a\"], \"beam\": tru}         | beam    | malformed JSON",
                "{\"text\": [\"unterminated]}              | text[0] | malformed JSON",
                "[1, 2]                                    | body    | expected a JSON object",
                "\"just a string\"                         | body    | expected a JSON object",
                "{\"text\": [\"a\"]} {}                     | body    | unexpected content after the JSON value",
                // wrong types
                "{\"text\": \"a sentence\"}                | text    | expected an array of strings, got a string",
                "{\"text\": [\"a\", 7]}                     | text[1] | expected a string, got an integer",
                "{\"text\": [\"a\", null]}                  | text[1] | expected a string, got null",
                "{\"text\": [\"a\"], \"beam\": \"5\"}        | beam    | expected an integer in [1, 8], got a string",
                "{\"text\": [\"a\"], \"beam\": 2.5}         | beam    | expected an integer in [1, 8], got a number 2.5",
                "{\"text\": [\"a\"], \"nbest\": true}       | nbest   | expected an integer in [1, 4], got a boolean",
                "{\"text\": [\"a\"], \"attention\": \"yes\"} | attention | expected true or false, got a string",
                // missing, unknown and duplicate fields
                "{\"beam\": 3}                             | text    | required",
                "{\"text\": [\"a\"], \"beams\": 3}          | beams   | unknown field; valid fields: text, beam, nbest, attention",
                "{\"text\": [\"a\"], \"text\": [\"b\"]}      | text    | duplicate field",
                // ranges and limits
                "{\"text\": [\"a\"], \"beam\": 0}           | beam    | must be in [1, 8], got 0",
                "{\"text\": [\"a\"], \"beam\": 9}           | beam    | must be in [1, 8], got 9",
                "{\"text\": [\"a\"], \"beam\": 99999999999} | beam    | expected an integer in [1, 8]",
                "{\"text\": [\"a\"], \"beam\": 3, \"nbest\": 4} | nbest | must be in [1, 3], got 4",
                "{\"text\": [\"a\", \"b\", \"c\", \"d\"]}     | text    | 4 sentences, more than the limit of 3 per request",
                "{\"text\": [\"a\", \"1 2 3 4 5 6\"]}        | text[1] | 6 tokens, more than the limit of 5",
            })
    void namesTheFieldAtFault(String json, String field, String message) {
        BadRequestException e = reject(json);
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void invalidUtf8IsRejectedAtTheSentenceThatHoldsIt() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("{\"text\": [\"fine\", \"bad ".getBytes(StandardCharsets.UTF_8));
        body.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // a lead byte followed by no continuation byte
        body.write("\"]}".getBytes(StandardCharsets.UTF_8));
        BadRequestException e = reject(body.toByteArray());
        assertEquals("text[1]", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid UTF-8"), e.getMessage());

        BadRequestException lone =
                reject(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '[', '"', (byte) 0xFF, '"', ']', '}'});
        assertEquals("text[0]", lone.field(), lone.getMessage());
    }

    @Test
    void anEmptyBodyIsRejected() {
        BadRequestException e = reject(new byte[0]);
        assertEquals("body", e.field());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void anEmptyListIsAValidRequest() {
        assertEquals(
                List.of(),
                parser.parse("{\"text\": []}".getBytes(StandardCharsets.UTF_8)).text());
    }
}
