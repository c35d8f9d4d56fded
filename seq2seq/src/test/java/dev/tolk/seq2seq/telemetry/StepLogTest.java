package dev.tolk.seq2seq.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepLogTest {
    @TempDir
    Path dir;

    private static StepEvent step(long s, double loss) {
        return new StepEvent(s, 0, 1000, loss, Math.exp(loss), 0.003, 1.5, null);
    }

    @Test
    void writesOneFlushedJsonLinePerUpdateWithNonFiniteAsNull() throws IOException {
        Path f = dir.resolve(StepLog.FILE_NAME);
        try (StepLog log = StepLog.create(f)) {
            log.onStep(step(1, 2.5));
            // flushed at once: readable while the run goes on
            assertEquals(
                    List.of("{\"step\":1,\"epoch\":0,\"loss\":2.5,\"ppl\":" + Math.exp(2.5)
                            + ",\"lr\":0.003,\"grad_norm\":1.5,\"tokens_per_sec\":1000.0}"),
                    Files.readAllLines(f));
            log.onStep(step(2, Double.NaN));
        }
        assertEquals(
                "{\"step\":2,\"epoch\":0,\"loss\":null,\"ppl\":null,\"lr\":0.003,\"grad_norm\":1.5,"
                        + "\"tokens_per_sec\":1000.0}",
                Files.readAllLines(f).get(1));
    }

    @Test
    void resumingDropsEntriesAfterTheCheckpointAndTornLines() throws IOException {
        Path f = dir.resolve(StepLog.FILE_NAME);
        try (StepLog log = StepLog.create(f)) {
            for (long s = 1; s <= 6; s++) {
                log.onStep(step(s, 3));
            }
        }
        Files.writeString(f, "{\"step\":7,\"ep", StandardOpenOption.APPEND);
        try (StepLog log = StepLog.resume(f, 4)) {
            log.onStep(step(5, 2));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L),
                lines.stream()
                        .map(l -> Long.parseLong(l.replaceAll("^\\{\"step\":(\\d+),.*", "$1")))
                        .toList());
        assertEquals(true, lines.get(4).contains("\"loss\":2.0"));
    }

    @Test
    void resumingWithoutALogStartsAnEmptyOne() throws IOException {
        Path f = dir.resolve(StepLog.FILE_NAME);
        try (StepLog log = StepLog.resume(f, 10)) {
            log.onStep(step(11, 1));
        }
        assertEquals(1, Files.readAllLines(f).size());
    }
}
