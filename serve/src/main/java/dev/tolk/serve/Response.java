package dev.tolk.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP response: status, content type, body and extra headers.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type} header
 * @param body the bytes sent
 * @param headers further headers, e.g. {@code Retry-After}
 * @param errorReason for an error, the reason label counted in the metrics (e.g. {@code bad_request}); else null
 */
record Response(int status, String contentType, byte[] body, Map<String, String> headers, String errorReason) {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    Response {
        headers = Map.copyOf(headers);
    }

    /** A 200 JSON response. */
    static Response json(JsonNode body) {
        return new Response(200, JSON_TYPE, bytes(body), Map.of(), null);
    }

    /** Raw bytes with status 200. */
    static Response of(String contentType, byte[] body) {
        return new Response(200, contentType, body, Map.of(), null);
    }

    /**
     * An error as JSON: {@code {"error": {"status": 400, "field": "text[2]", "message": "text[2]: ..."}}}.
     *
     * @param field the field at fault, or null
     */
    static Response error(int status, String reason, String field, String message, Map<String, String> headers) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("status", status);
        if (field != null) {
            e.put("field", field);
        }
        e.put("message", message);
        return new Response(status, JSON_TYPE, bytes(root), headers, reason);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
