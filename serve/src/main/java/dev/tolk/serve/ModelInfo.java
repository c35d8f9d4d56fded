package dev.tolk.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the service tells about the model it serves ({@code GET /v1/model}, the web page's side panel).
 *
 * @param name the model's name: its directory's name, or its file's
 * @param path where it was loaded from
 * @param parameters the number of trained parameters
 * @param sourceVocabulary source vocabulary size
 * @param targetVocabulary target vocabulary size
 * @param sharedVocabulary whether source and target share one vocabulary
 * @param tokenizer the tokenizer type, e.g. {@code word} or {@code bpe}
 * @param defaultBeam the model's {@code decode.beam_size}
 * @param defaultNbest the model's {@code decode.nbest}
 * @param maxInputTokens the model's {@code decode.max_input_tokens}: longer inputs are chunked or truncated
 * @param overlong the model's {@code decode.overlong} policy: {@code chunk} or {@code truncate}
 * @param precision the number format the service computes the matrix products in: {@code fp32}, {@code bf16} or
 *     {@code int8} ({@code tolk serve --precision})
 * @param config the effective training configuration, as JSON
 * @param provenance corpus SHA-256, seed, Tolk version, date and final metrics, as JSON
 */
public record ModelInfo(
        String name,
        String path,
        long parameters,
        int sourceVocabulary,
        int targetVocabulary,
        boolean sharedVocabulary,
        String tokenizer,
        int defaultBeam,
        int defaultNbest,
        int maxInputTokens,
        String overlong,
        String precision,
        JsonNode config,
        JsonNode provenance) {

    /** @return this description as JSON, keys in snake case as in the model's configuration */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", name);
        o.put("path", path);
        o.put("parameters", parameters);
        ObjectNode v = o.putObject("vocabularies");
        v.put("source", sourceVocabulary);
        v.put("target", targetVocabulary);
        v.put("shared", sharedVocabulary);
        o.put("tokenizer", tokenizer);
        ObjectNode d = o.putObject("decode");
        d.put("beam_size", defaultBeam);
        d.put("nbest", defaultNbest);
        d.put("max_input_tokens", maxInputTokens);
        d.put("overlong", overlong);
        d.put("precision", precision);
        o.set("provenance", provenance);
        o.set("config", config);
        return o;
    }
}
