package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokBatchWorkerTest {
    @Test
    void processesEveryDocumentInOrder() {
        List<Long> seen = new ArrayList<>();
        try (TokBatchWorker w = new TokBatchWorker(batch -> batch.forEach(d -> seen.add(d.line())))) {
            for (long i = 1; i <= 10_000; i++) {
                w.accept(new TokDocument("x", i));
            }
            w.finish();
        }
        assertEquals(10_000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i));
        }
    }

    @Test
    void aProcessorFailureReachesTheReader() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (TokBatchWorker w = new TokBatchWorker(batch -> {
                throw new IllegalArgumentException("boom at " + batch.get(0).line());
            })) {
                for (long i = 1; i <= 100_000; i++) {
                    w.accept(new TokDocument("x", i));
                }
                w.finish();
            }
        });
        assertEquals("boom at 1", e.getMessage());
    }
}
