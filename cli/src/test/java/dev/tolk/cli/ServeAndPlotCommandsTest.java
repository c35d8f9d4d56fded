package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.synthetic.SyntheticCorpus;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tolk serve}, {@code tolk plot curves|attention}, {@code tolk translate --attention-plot} and
 * {@code tolk bench serve} on a tiny model trained by {@code tolk train}: outputs, usage errors (exit 2), runtime
 * errors (exit 1, one line), and a real {@code tolk serve} process stopped by SIGTERM.
 */
class ServeAndPlotCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void trainTinyModel() {
        SyntheticCorpus.builder()
                .seed(5)
                .trainPairs(400)
                .validPairs(20)
                .testPairs(20)
                .build()
                .write(dir);
        model = dir.resolve("model");
        CliRunner.Result r = CliRunner.run(
                "train",
                "--train",
                dir.resolve("train.csv").toString(),
                "--valid",
                dir.resolve("valid.csv").toString(),
                "--model-dir",
                model.toString(),
                "--set",
                "data.tokenizer=word",
                "--set",
                "model.embedding_size=16",
                "--set",
                "model.hidden_size=24",
                "--set",
                "train.max_steps=30",
                "--set",
                "train.validate_every=10",
                "--set",
                "train.checkpoint_every=30",
                "--set",
                "train.batch_tokens=600",
                "--set",
                "decode.beam_size=2");
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void plotCurvesWritesAPngFromTheStepAndValidationLogs() throws Exception {
        assertEquals(30, Files.readAllLines(model.resolve("steps.jsonl")).size(), "tolk train writes the step log");
        Path png = dir.resolve("curves.png");
        CliRunner.Result r = CliRunner.run(
                "plot", "curves", "--model-dir", model.toString(), "-o", png.toString(), "--width", "800");
        assertEquals(0, r.exit(), r.err());
        assertEquals("wrote " + png + ": 30 updates, 3 validations", r.out().trim());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(1100, image.getHeight());
    }

    @Test
    void plotAttentionWritesAnSvgWithTheWords() throws Exception {
        Path svg = dir.resolve("att.svg");
        CliRunner.Result r = CliRunner.run(
                "plot", "attention", "--model", model.toString(), "--input", "the cat sleeps .", "-o", svg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote " + svg + ": the cat sleeps . -> "), r.out());
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), text);
        for (String word : List.of(">the<", ">cat<", ">sleeps<", ">&lt;/s&gt;<", ">attention<")) {
            assertTrue(text.contains(word), word);
        }
    }

    @Test
    void plotErrorsAreOneLine() {
        CliRunner.Result ext = CliRunner.run(
                "plot",
                "curves",
                "--model-dir",
                model.toString(),
                "-o",
                dir.resolve("c.jpg").toString());
        assertEquals(2, ext.exit());
        assertTrue(ext.err().contains("the file name must end in .png or .svg"), ext.err());
        CliRunner.Result none = CliRunner.run(
                "plot",
                "curves",
                "--model-dir",
                dir.resolve("nowhere").toString(),
                "-o",
                dir.resolve("c.png").toString());
        assertEquals(1, none.exit());
        assertEquals(1, none.err().trim().lines().count(), none.err());
        assertTrue(none.err().contains("not a directory"), none.err());
        CliRunner.Result empty = CliRunner.run(
                "plot",
                "attention",
                "--model",
                model.toString(),
                "--input",
                " ",
                "-o",
                dir.resolve("a.png").toString());
        assertEquals(2, empty.exit(), empty.err());
        assertFalse(Files.exists(dir.resolve("a.png")));
    }

    @Test
    void translateDrawsOneHeatmapPerNonEmptyInputLine() throws Exception {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "the cat sleeps .\n\nthe dog runs .\n");
        Path plots = dir.resolve("plots");
        CliRunner.Result r = CliRunner.run(
                "translate",
                "--model",
                model.toString(),
                "--input",
                in.toString(),
                "--attention-plot",
                plots.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, r.out().split("\n", -1).length - 1, "one output line per input line: " + r.out());
        List<String> files = new ArrayList<>();
        try (var s = Files.list(plots)) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        files.sort(null);
        assertEquals(List.of("1.png", "3.png"), files);
        assertTrue(ImageIO.read(plots.resolve("3.png").toFile()).getWidth() >= 420);
    }

    @Test
    void serveOptionsOutOfRangeAreUsageErrors() {
        assertEquals(
                2,
                CliRunner.run("serve", "--model", model.toString(), "--max-lines", "0")
                        .exit());
        CliRunner.Result queue =
                CliRunner.run("serve", "--model", model.toString(), "--max-lines", "100", "--queue", "50");
        assertEquals(2, queue.exit());
        assertTrue(
                queue.err().contains("--queue must be in [100, 10000000], got 50 (at least --max-lines)"), queue.err());
        assertEquals(
                2,
                CliRunner.run("serve", "--model", model.toString(), "--batch-window-ms", "-1")
                        .exit());
        for (String[] args : List.of(
                new String[] {"serve", "--model", model.toString(), "--threads", "-1"},
                new String[] {"bench", "serve", "--model", model.toString(), "--threads", "1025"},
                new String[] {
                    "plot", "attention", "--model", model.toString(), "--input", "a", "-o", "a.png", "--threads", "-1"
                })) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().startsWith("tolk: --threads must be in [0, 1024] (0 = all cores), got "), r.err());
        }
    }

    @Test
    void serveOnABusyPortIsAOneLineError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRunner.Result r = CliRunner.run(
                    "serve", "--model", model.toString(), "--port", Integer.toString(busy.getLocalPort()));
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()), r.err());
            assertEquals(
                    1, r.err().trim().lines().filter(l -> l.startsWith("tolk:")).count(), r.err());
        }
    }

    @Test
    void benchServeReportsThroughputLatencyAndNoErrors() throws Exception {
        CliRunner.Result r = CliRunner.run(
                "bench",
                "serve",
                "--model",
                model.toString(),
                "--sentences",
                "20",
                "--clients",
                "3",
                "--requests",
                "30",
                "--idle-requests",
                "5",
                "--warmup",
                "3",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(0, j.get("errors").asInt());
        assertEquals(30, j.get("load_requests").asInt());
        assertEquals(5, j.get("idle_requests").asInt());
        assertEquals(2, j.get("beam").asInt(), "the model's decode.beam_size");
        assertTrue(j.get("serve_sentences_per_sec").asDouble() > 0);
        assertTrue(j.get("translate_sentences_per_sec").asDouble() > 0);
        assertTrue(j.get("idle_p50_ms").asDouble() <= j.get("idle_p99_ms").asDouble());
        assertTrue(j.get("mean_batch_sentences").asDouble() >= 1);
        assertTrue(j.has("peak_rss_mb"));
        assertEquals("fp32", j.get("precision").asText(), "the default");
    }

    @Test
    void servePrecisionIsCheckedAsAUsageErrorListingTheChoices() {
        for (String command : List.of("serve", "bench serve")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.addAll(List.of("--model", model.toString(), "--precision", "fp16"));
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), r.err());
            assertEquals(1, r.err().trim().lines().count(), r.err());
            assertTrue(
                    r.err().contains("--precision")
                            && r.err().contains("fp32")
                            && r.err().contains("int8"),
                    r.err());
        }
    }

    /** A real process: serves, answers, and on SIGTERM finishes and exits. */
    @Test
    void serveProcessAnswersAndStopsGracefullyOnSigterm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.tolk.cli.Tolk",
                        "serve",
                        "--model",
                        model.toString(),
                        "--port",
                        "0",
                        "--threads",
                        "1")
                .redirectError(dir.resolve("serve.err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("serving model at http://127.0.0.1:"), String.valueOf(first));
            Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/) ").matcher(first);
            assertTrue(m.find(), first);
            URI base = URI.create(m.group(1));
            HttpClient client = HttpClient.newHttpClient();
            StringBuilder many = new StringBuilder("{\"text\": [");
            for (int i = 0; i < 64; i++) {
                many.append(i == 0 ? "" : ", ").append("\"the big cat sleeps on the red car .\"");
            }
            many.append("], \"beam\": 16}");
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/v1/translate"))
                            .POST(HttpRequest.BodyPublishers.ofString(many.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            // SIGTERM once the service holds the request (in flight besides the /metrics request itself), or has
            // answered it already
            for (int i = 0; i < 1000 && !inFlight.isDone(); i++) {
                String metrics = client.send(
                                HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                if (metrics.contains("tolk_requests_in_flight 2.0")) {
                    break;
                }
                Thread.sleep(5);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(143, p.exitValue(), "the JVM's exit status after SIGTERM");
            HttpResponse<String> answered = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals(64, JSON.readTree(answered.body()).get("translations").size());
            String err = Files.readString(dir.resolve("serve.err"));
            assertTrue(err.contains("shutting down"), err);
            assertTrue(err.contains("stopped"), err);
        } finally {
            p.destroyForcibly();
        }
    }
}
