package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code tolk bench bleu} runs and reports its fields (speed itself is measured by running it, not here). */
class BenchBleuCommandTest {
    @Test
    void smallRunReportsDeterministicCorpusAndTimings() throws Exception {
        CliRunner.Result a = CliRunner.run("bench", "bleu", "--lines", "500", "--runs", "1", "--warmup", "0", "--json");
        assertEquals(0, a.exit(), a.err());
        JsonNode j = new ObjectMapper().readTree(a.out());
        assertEquals(500, j.get("lines").asInt());
        assertTrue(j.get("median_ms").asDouble() > 0);
        double bleu = j.get("bleu").asDouble();
        assertTrue(bleu > 20 && bleu < 90, a.out());
        CliRunner.Result b = CliRunner.run("bench", "bleu", "--lines", "500", "--runs", "1", "--warmup", "0", "--json");
        assertEquals(bleu, new ObjectMapper().readTree(b.out()).get("bleu").asDouble(), "same seed, same corpus");
        CliRunner.Result bad = CliRunner.run("bench", "bleu", "--lines", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--lines must be in 1..10000000, got 0"), bad.err());
    }
}
