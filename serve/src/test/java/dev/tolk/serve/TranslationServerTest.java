package dev.tolk.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service over real HTTP on 127.0.0.1, with the tiny model behind a recording, holdable translator. */
class TranslationServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Seq2SeqTranslator real;
    private static ExecutorService clients;

    private RecordingTranslator model;
    private TranslationServer server;
    private URI base;

    @BeforeAll
    static void load() throws Exception {
        real = Seq2SeqTranslator.load(TinyModel.dir());
        clients = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void shutdown() {
        clients.shutdownNow();
    }

    private void start(ServeConfig config) throws Exception {
        model = new RecordingTranslator(real);
        server = TranslationServer.start(model, config.toBuilder().port(0).build());
        base = server.uri();
    }

    private void start() throws Exception {
        start(ServeConfig.builder().batchWindow(Duration.ZERO).build());
    }

    @AfterEach
    void stop() {
        if (model != null) {
            model.release();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String request(List<String> text, Integer beam, Integer nbest, boolean attention) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode a = o.putArray("text");
        text.forEach(a::add);
        if (beam != null) {
            o.put("beam", beam);
        }
        if (nbest != null) {
            o.put("nbest", nbest);
        }
        o.put("attention", attention);
        return o.toString();
    }

    @Test
    void bindsToTheLoopbackAddressByDefault() throws Exception {
        start();
        assertTrue(
                server.address().getAddress().isLoopbackAddress(),
                server.address().toString());
        assertEquals("127.0.0.1", ServeConfig.DEFAULTS.host());
    }

    @Test
    void translatesAsTheTranslatorDoesWithNbestAndAttention() throws Exception {
        start();
        List<String> sentences = TinyModel.testSentences().subList(0, 3);
        List<String> text = new ArrayList<>(sentences);
        text.add("");
        Http.Reply r = Http.post(base, "/v1/translate", request(text, 3, 2, true));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        JsonNode translations = r.json().get("translations");
        assertEquals(4, translations.size());
        List<Translation> expected = real.translate(text, new DecodeSettings(3, 2, true));
        for (int i = 0; i < 3; i++) {
            JsonNode t = translations.get(i);
            Translation e = expected.get(i);
            assertEquals(sentences.get(i), t.get("source").asText());
            assertEquals(e.text(), t.get("translation").asText());
            assertFalse(e.text().isEmpty());
            assertEquals(e.score(), t.get("score").asDouble(), 1e-6);
            assertEquals(2, t.get("nbest").size());
            assertEquals(e.text(), t.get("nbest").get(0).get("translation").asText());
            JsonNode att = t.get("attention");
            int rows = att.get("target").size();
            int cols = att.get("source").size();
            assertEquals(e.attention().targetSymbols().size(), rows);
            assertEquals("</s>", att.get("source").get(cols - 1).asText());
            assertEquals(rows, att.get("weights").size());
            for (JsonNode row : att.get("weights")) {
                assertEquals(cols, row.size());
                double sum = 0;
                for (JsonNode w : row) {
                    sum += w.asDouble();
                }
                assertEquals(1.0, sum, 1e-3, "attention rows sum to 1");
            }
        }
        JsonNode empty = translations.get(3);
        assertEquals("", empty.get("translation").asText());
        assertTrue(empty.get("score").isNull());
        assertEquals(3, r.json().get("beam").asInt());
    }

    @Test
    void defaultsAreTheModelsAndAttentionIsOnlySentWhenAskedFor() throws Exception {
        start();
        Http.Reply r = Http.post(base, "/v1/translate", "{\"text\": [\"the cat sleeps .\"]}");
        assertEquals(200, r.status(), r.text());
        assertEquals(3, r.json().get("beam").asInt(), "decode.beam_size of the tiny model");
        JsonNode t = r.json().get("translations").get(0);
        assertFalse(t.has("attention"));
        assertFalse(t.has("nbest"));
    }

    @Test
    void badRequestsGet400NamingTheFieldAndTheServiceGoesOn() throws Exception {
        start(ServeConfig.builder()
                .batchWindow(Duration.ZERO)
                .maxLines(4)
                .maxBeam(8)
                .build());
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.write("{\"text\": [\"the cat\", \"le chat \"]}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = badUtf8.toByteArray();
        byte[] withBadByte = new byte[bytes.length + 1];
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("chat \"") + 5;
        System.arraycopy(bytes, 0, withBadByte, 0, at);
        withBadByte[at] = (byte) 0xFF;
        System.arraycopy(bytes, at, withBadByte, at + 1, bytes.length - at);

        record Case(byte[] body, String field, String message) {}
        List<Case> cases = List.of(
                new Case("{\"text\": [\"a\",".getBytes(StandardCharsets.UTF_8), "text[1]", "malformed JSON"),
                new Case("not json".getBytes(StandardCharsets.UTF_8), "body", "malformed JSON"),
                new Case(withBadByte, "text[1]", "Invalid UTF-8"),
                new Case("{\"text\": [\"a\", 3]}".getBytes(StandardCharsets.UTF_8), "text[1]", "expected a string"),
                new Case(
                        "{\"text\": [\"a\"], \"beam\": \"5\"}".getBytes(StandardCharsets.UTF_8),
                        "beam",
                        "expected an integer"),
                new Case(
                        "{\"text\": [\"a\"], \"beam\": 9}".getBytes(StandardCharsets.UTF_8),
                        "beam",
                        "must be in [1, 8]"),
                new Case(
                        "{\"text\": [\"a\"], \"beam\": 2, \"nbest\": 3}".getBytes(StandardCharsets.UTF_8),
                        "nbest",
                        "must be in [1, 2]"),
                new Case(
                        "{\"text\": [\"a\"], \"attention\": 1}".getBytes(StandardCharsets.UTF_8),
                        "attention",
                        "expected true or false"),
                new Case("{\"txt\": [\"a\"]}".getBytes(StandardCharsets.UTF_8), "txt", "unknown field"),
                new Case(
                        "{\"text\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}".getBytes(StandardCharsets.UTF_8),
                        "text",
                        "more than the limit of 4"));
        for (Case c : cases) {
            Http.Reply r = Http.post(base, "/v1/translate", c.body());
            assertEquals(400, r.status(), r.text());
            assertEquals(c.field(), r.field(), r.text());
            assertEquals(400, r.json().get("error").get("status").asInt());
            assertTrue(r.json().get("error").get("message").asText().contains(c.message()), r.text());
        }
        assertEquals(
                200,
                Http.post(base, "/v1/translate", "{\"text\": [\"the dog runs .\"]}")
                        .status());
        assertEquals(List.of(1), model.batchSizes(), "no bad request reached the model");
    }

    @Test
    void sentencesOverTheTokenLimitAndBodiesOverTheSizeLimitAreRefused() throws Exception {
        start(ServeConfig.builder()
                .batchWindow(Duration.ZERO)
                .maxBodyBytes(2000)
                .build());
        int limit = real.model().maxInputTokens();
        assertEquals(limit, server.maxLineTokens(), "the model's decode.max_input_tokens by default");
        String longLine = "the cat ".repeat(limit / 2 + 1).trim();
        assertTrue(real.sourceTokens(longLine) > limit);
        Http.Reply tooLong = Http.post(base, "/v1/translate", request(List.of("ok", longLine), null, null, false));
        assertEquals(400, tooLong.status(), tooLong.text());
        assertEquals("text[1]", tooLong.field());
        assertTrue(tooLong.text().contains("more than the limit of " + limit), tooLong.text());
        Http.Reply big = Http.post(base, "/v1/translate", request(List.of("x".repeat(3000)), null, null, false));
        assertEquals(413, big.status(), big.text());
        assertEquals("body", big.field());
        assertTrue(big.text().contains("larger than the limit of 2000 bytes"), big.text());
    }

    @Test
    void aLineOverTheTokenLimitNamesItsIndex() throws Exception {
        start(ServeConfig.builder().batchWindow(Duration.ZERO).maxLineTokens(5).build());
        Http.Reply r = Http.post(
                base, "/v1/translate", request(List.of("the cat .", "the big red cat sleeps ."), null, null, false));
        assertEquals(400, r.status(), r.text());
        assertEquals("text[1]", r.field());
        assertTrue(r.text().contains("6 tokens, more than the limit of 5"), r.text());
    }

    @Test
    void aSentenceAboveTheModelsLimitIsChunkedWithAWarningWhenTheServerAllowsIt() throws Exception {
        int limit = real.model().maxInputTokens();
        start(ServeConfig.builder()
                .batchWindow(Duration.ZERO)
                .maxLineTokens(limit * 3)
                .build());
        String longLine = "the cat sleeps . ".repeat(limit / 4 + 2).trim();
        Http.Reply r = Http.post(base, "/v1/translate", request(List.of(longLine), 1, 1, false));
        assertEquals(200, r.status(), r.text());
        String warning = r.json().get("translations").get(0).get("warning").asText();
        assertTrue(warning.contains("exceed the model's limit of " + limit), warning);
        assertTrue(warning.contains("chunks"), warning);
    }

    @Test
    void concurrentRequestsAreBatchedTogether() throws Exception {
        start(ServeConfig.builder().batchWindow(Duration.ZERO).build());
        List<String> sentences = TinyModel.testSentences();
        model.hold();
        Future<Http.Reply> first =
                clients.submit(() -> Http.post(base, "/v1/translate", request(List.of(sentences.get(0)), 2, 1, false)));
        model.awaitHeld();
        List<Future<Http.Reply>> concurrent = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String s = sentences.get(i);
            concurrent.add(clients.submit(() -> Http.post(base, "/v1/translate", request(List.of(s), 2, 1, false))));
        }
        assertTrue(server.batcher().awaitQueued(12, Duration.ofSeconds(30)), "12 requests queued");
        model.release();
        assertEquals(200, first.get(60, TimeUnit.SECONDS).status());
        List<Http.Reply> replies = new ArrayList<>();
        for (Future<Http.Reply> f : concurrent) {
            replies.add(f.get(60, TimeUnit.SECONDS));
        }
        // the batcher is idle now: the translator may be used directly (it is not thread-safe)
        List<Translation> alone = real.translate(sentences.subList(1, 13), new DecodeSettings(2, 1, false));
        for (int i = 0; i < 12; i++) {
            Http.Reply r = replies.get(i);
            assertEquals(200, r.status(), r.text());
            JsonNode t = r.json().get("translations").get(0);
            assertEquals(sentences.get(i + 1), t.get("source").asText());
            assertEquals(alone.get(i).text(), t.get("translation").asText(), "batching does not change results");
        }
        assertEquals(List.of(1, 12), model.batchSizes(), "the translator saw one request, then the 12 together");
        String metrics = Http.get(base, "/metrics").text();
        assertTrue(metrics.contains("tolk_batch_sentences_bucket{le=\"16.0\"} 2"), metrics);
        assertTrue(metrics.contains("tolk_sentences_translated_total 13.0"), metrics);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() throws Exception {
        start(ServeConfig.builder()
                .batchWindow(Duration.ZERO)
                .maxLines(4)
                .queueCapacity(6)
                .build());
        model.hold();
        Future<Http.Reply> first =
                clients.submit(() -> Http.post(base, "/v1/translate", "{\"text\": [\"the cat .\"]}"));
        model.awaitHeld();
        Future<Http.Reply> queued =
                clients.submit(() -> Http.post(base, "/v1/translate", "{\"text\": [\"a\", \"b\", \"c\", \"d\"]}"));
        assertTrue(server.batcher().awaitQueued(4, Duration.ofSeconds(30)));
        Http.Reply full = Http.post(base, "/v1/translate", "{\"text\": [\"a\", \"b\", \"c\"]}");
        assertEquals(429, full.status(), full.text());
        assertEquals("1", full.header("Retry-After"));
        assertTrue(full.text().contains("over capacity"), full.text());
        Http.Reply fits = Http.post(base, "/v1/translate", "{\"text\": []}");
        assertEquals(200, fits.status(), "an empty request needs no queue");
        model.release();
        assertEquals(200, first.get(60, TimeUnit.SECONDS).status());
        assertEquals(200, queued.get(60, TimeUnit.SECONDS).status());
        String metrics = Http.get(base, "/metrics").text();
        assertTrue(
                metrics.contains("tolk_request_errors_total{endpoint=\"/v1/translate\",reason=\"over_capacity\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("tolk_queue_capacity_sentences 6.0"), metrics);
    }

    @Test
    void aFailingTranslationIsA500AndTheServiceGoesOn() throws Exception {
        start();
        Http.Reply failed =
                Http.post(base, "/v1/translate", request(List.of(RecordingTranslator.FAIL), null, null, false));
        assertEquals(500, failed.status(), failed.text());
        assertTrue(failed.text().contains("failing as asked"), failed.text());
        Http.Reply next = Http.post(base, "/v1/translate", "{\"text\": [\"the cat sleeps .\"]}");
        assertEquals(200, next.status(), next.text());
        Http.Reply health = Http.get(base, "/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().get("status").asText());
    }

    @Test
    void unknownPathsAndWrongMethodsAreJsonErrors() throws Exception {
        start();
        Http.Reply missing = Http.get(base, "/v2/translate");
        assertEquals(404, missing.status());
        assertTrue(missing.text().contains("/openapi.json"), missing.text());
        Http.Reply wrong = Http.get(base, "/v1/translate");
        assertEquals(405, wrong.status());
        assertEquals("POST", wrong.header("Allow"));
        Http.Reply wrongPost = Http.post(base, "/v1/model", "{}");
        assertEquals(405, wrongPost.status());
    }

    @Test
    void modelHealthMetricsAndPageAreServed() throws Exception {
        start();
        JsonNode m = Http.get(base, "/v1/model").json();
        assertEquals("model", m.get("name").asText());
        assertEquals(real.model().parameters(), m.get("parameters").asLong());
        assertEquals("word", m.get("tokenizer").asText());
        assertEquals(64, m.get("config").get("model").get("hidden_size").asInt());
        assertEquals(64, m.get("provenance").get("corpus_sha256").asText().length());
        assertEquals(real.model().provenance().toString(), m.get("provenance").toString());
        assertTrue(m.get("provenance").get("metrics").size() > 0, m.toString());
        assertEquals(
                real.model().maxInputTokens(),
                m.get("limits").get("max_line_tokens").asInt());

        Http.post(base, "/v1/translate", "{\"text\": [\"the cat sleeps .\", \"a dog .\"]}");
        Http.Reply metrics = Http.get(base, "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(
                metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"), metrics.header("Content-Type"));
        String text = metrics.text();
        for (String name : List.of(
                "# TYPE tolk_requests_total counter",
                "tolk_requests_total{code=\"200\",endpoint=\"/v1/translate\"} 1.0",
                "# TYPE tolk_request_duration_seconds histogram",
                "tolk_request_duration_seconds_bucket{endpoint=\"/v1/translate\",le=\"+Inf\"} 1",
                "tolk_sentences_translated_total 2.0",
                "# TYPE tolk_sentences_per_second gauge",
                "tolk_queue_sentences 0.0",
                "# TYPE tolk_requests_in_flight gauge")) {
            assertTrue(text.contains(name), name + " in\n" + text);
        }
        Http.Reply page = Http.get(base, "/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.text().contains("<script src=\"/app.js\">"));
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"));
        assertEquals(200, Http.get(base, "/app.js").status());
        assertEquals(200, Http.get(base, "/style.css").status());
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointServed() throws Exception {
        start();
        JsonNode doc = Http.get(base, "/openapi.json").json();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        JsonNode paths = doc.get("paths");
        List<String> documented = new ArrayList<>();
        paths.fieldNames().forEachRemaining(documented::add);
        assertEquals(List.of("/v1/translate", "/v1/model", "/health", "/metrics", "/openapi.json", "/"), documented);
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            JsonNode ops = paths.get(path);
            if (ops.has("get")) {
                assertEquals(200, Http.get(base, path).status(), path);
            } else {
                assertNotNull(ops.get("post"), path);
                assertEquals(400, Http.post(base, path, "{}").status(), path + " exists and validates");
            }
        }
        JsonNode fields = doc.at("/components/schemas/TranslateRequest/properties");
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        assertEquals(TranslateRequestParser.FIELDS, names);
    }

    @Test
    void shutdownAnswersRequestsInFlightAndRefusesNewOnes() throws Exception {
        start(ServeConfig.builder()
                .batchWindow(Duration.ZERO)
                .drainTimeout(Duration.ofSeconds(30))
                .build());
        model.hold();
        Future<Http.Reply> inFlight =
                clients.submit(() -> Http.post(base, "/v1/translate", "{\"text\": [\"the cat sleeps .\"]}"));
        model.awaitHeld();
        Future<Http.Reply> queued =
                clients.submit(() -> Http.post(base, "/v1/translate", "{\"text\": [\"the dog runs .\"]}"));
        assertTrue(server.batcher().awaitQueued(1, Duration.ofSeconds(30)));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        // new requests are refused while the old ones finish. Wait for the shutdown to begin with /health, which
        // never blocks: a translation posted before it began would be queued behind the held model, and the drain
        // timeout would then cut its connection
        for (int i = 0; i < 200 && Http.get(base, "/health").status() != 503; i++) {
            Thread.sleep(10);
        }
        Http.Reply refused = Http.post(base, "/v1/translate", "{\"text\": [\"late\"]}");
        assertEquals(503, refused.status(), "a request after the shutdown began is refused");
        assertEquals("5", refused.header("Retry-After"));
        assertEquals(503, Http.get(base, "/health").status());
        assertFalse(closing.isDone(), "close waits for the requests in flight");
        model.release();
        closing.get(60, TimeUnit.SECONDS);
        assertEquals(200, inFlight.get(10, TimeUnit.SECONDS).status());
        Http.Reply late = queued.get(10, TimeUnit.SECONDS);
        assertEquals(200, late.status(), late.text());
        assertNotEquals(
                "", late.json().get("translations").get(0).get("translation").asText());
        assertEquals(List.of(1, 1), model.batchSizes());
        server = null;
    }
}
