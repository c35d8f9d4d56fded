package dev.tolk.seq2seq.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static ValidationEvent validation(long step, double ppl, double bleu, boolean best) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ppl", ppl);
        m.put("bleu", bleu);
        return new ValidationEvent(step, 0, m, best, 0.001);
    }

    @Test
    void validationLogWritesOneJsonLinePerValidation() throws IOException {
        Path f = dir.resolve("validation.jsonl");
        try (ValidationLog log = ValidationLog.create(f, CLOCK)) {
            log.onValidation(validation(100, 41.5, 3.25, true));
            log.onStep(new StepEvent(101, 0, 1000, 3.7, Math.exp(3.7), 0.001, 0.5, null));
            log.onValidation(validation(200, Double.NaN, 2.0, false));
        }
        assertEquals(
                List.of(
                        "{\"step\":100,\"epoch\":0,\"time\":\"2025-03-04T05:06:07Z\",\"lr\":0.001,\"best\":true,\"metrics\":{\"ppl\":41.5,\"bleu\":3.25}}",
                        "{\"step\":200,\"epoch\":0,\"time\":\"2025-03-04T05:06:07Z\",\"lr\":0.001,\"best\":false,\"metrics\":{\"ppl\":null,\"bleu\":2.0}}"),
                Files.readAllLines(f));
    }

    @Test
    void resumingDropsEntriesAfterTheCheckpointAndTornLines() throws IOException {
        Path f = dir.resolve("validation.jsonl");
        try (ValidationLog log = ValidationLog.create(f, CLOCK)) {
            for (long s = 100; s <= 400; s += 100) {
                log.onValidation(validation(s, 10, 1, false));
            }
        }
        Files.writeString(f, "{\"step\":50", java.nio.file.StandardOpenOption.APPEND);
        try (ValidationLog log = ValidationLog.resume(f, 250, CLOCK)) {
            log.onValidation(validation(300, 9, 2, true));
        }
        List<Long> steps = Files.readAllLines(f).stream()
                .map(l -> Long.parseLong(l.replaceAll("^\\{\"step\":(\\d+),.*", "$1")))
                .toList();
        assertEquals(List.of(100L, 200L, 300L), steps);
        assertTrue(Files.readAllLines(f).get(2).contains("\"best\":true"));
    }

    @Test
    void listenersAreCalledInOrder() {
        List<String> calls = new ArrayList<>();
        TrainingListener a = new TrainingListener() {
            @Override
            public void onStop(StopEvent e) {
                calls.add("a:" + e.reason());
            }
        };
        TrainingListener b = new TrainingListener() {
            @Override
            public void onStop(StopEvent e) {
                calls.add("b:" + e.step());
            }

            @Override
            public void onCheckpoint(CheckpointEvent e) {
                calls.add("b:ckpt" + e.step());
            }
        };
        TrainingListener all = TrainingListener.all(List.of(a, b));
        all.onCheckpoint(new CheckpointEvent(5, dir, false));
        all.onStop(new StopEvent(7, StopReason.NON_FINITE, "loss: NaN"));
        assertEquals(List.of("b:ckpt5", "a:NON_FINITE", "b:7"), calls);
    }

    @Test
    void nonFiniteGuardNamesEveryBadBuffer() {
        Map<String, float[]> buffers = new LinkedHashMap<>();
        buffers.put("grad/enc.W", new float[] {0, 1, -2});
        buffers.put(
                "grad/dec.W",
                new float[] {0, Float.NaN, 3, Float.POSITIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY});
        buffers.put("grad/out.b", new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE});
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", Double.NaN);
        values.put("grad_norm", 3.0);
        NonFiniteReport r = NonFiniteGuard.scan(values, buffers);
        assertEquals(2, r.findings().size());
        assertEquals(
                "non-finite values in loss: 1 NaN; grad/dec.W: 2 NaN, 1 +Inf, 1 -Inf of 6 values (first at index 1)",
                r.message());
        assertTrue(NonFiniteGuard.scan(Map.of("loss", 2.5), Map.of("w", new float[] {1, 2}))
                .isClean());
        assertEquals(null, NonFiniteGuard.scan("w", new float[0]));
        assertEquals(
                1,
                NonFiniteGuard.scan("w", new float[] {1, Float.POSITIVE_INFINITY})
                        .firstIndex());
    }

    @Test
    void theMessageListsAtMostTenBuffersAndCountsTheRest() {
        Map<String, float[]> buffers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            buffers.put("grad/layer" + i + ".w", new float[] {Float.NaN, 1});
        }
        String m = NonFiniteGuard.scan(Map.of("loss", Double.NaN), buffers).message();
        assertTrue(m.startsWith("non-finite values in loss: 1 NaN; grad/layer0.w: 1 NaN of 2 values"), m);
        assertTrue(m.endsWith("; grad/layer8.w: 1 NaN of 2 values (first at index 0); and 1991 more"), m);
        assertTrue(m.length() < 700, m.length() + " characters");
        assertEquals("a; b; and 1 more", CappedList.join(java.util.List.of("a", "b", "c"), 2, "; "));
        assertEquals("a, b", CappedList.join(java.util.List.of("a", "b"), 2, ", "));
    }
}
