package dev.tolk.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batching rule, made deterministic by holding the translator: while one batch is inside the model, the
 * requests that arrive wait in the queue, and the next batch takes them together.
 */
class DynamicBatcherTest {
    private static final DecodeSettings GREEDY = new DecodeSettings(1, 1, false);
    private static final DecodeSettings BEAM = new DecodeSettings(3, 1, false);

    private final RecordingTranslator model = new RecordingTranslator(new FakeTranslator());
    private DynamicBatcher batcher;
    private ServeMetrics metrics;

    @AfterEach
    void stop() throws InterruptedException {
        model.release();
        if (batcher != null) {
            batcher.close();
            assertTrue(batcher.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    private DynamicBatcher start(Duration window, int maxBatch, int capacity) {
        metrics = new ServeMetrics(capacity);
        batcher = new DynamicBatcher(model, window, maxBatch, capacity, metrics);
        return batcher;
    }

    @Test
    void requestsThatWaitTogetherAreDecodedTogetherInOrder() throws Exception {
        start(Duration.ZERO, 32, 100);
        model.hold();
        CompletableFuture<List<Translation>> first = batcher.submit(List.of("a"), GREEDY);
        model.awaitHeld();
        List<CompletableFuture<List<Translation>>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(batcher.submit(List.of("s" + i, "t" + i), GREEDY));
        }
        assertEquals(10, batcher.queuedSentences());
        model.release();
        assertEquals("A", first.get(10, TimeUnit.SECONDS).get(0).text());
        for (int i = 0; i < 5; i++) {
            List<Translation> r = waiting.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(
                    List.of("S" + i, "T" + i), r.stream().map(Translation::text).toList());
        }
        assertEquals(List.of(1, 10), model.batchSizes());
        assertEquals(0, batcher.queuedSentences());
    }

    @Test
    void aBatchStaysWithinTheLimitButTakesAnOversizedRequestWhole() throws Exception {
        start(Duration.ZERO, 4, 100);
        model.hold();
        batcher.submit(List.of("x"), GREEDY);
        model.awaitHeld();
        var big = batcher.submit(List.of("1", "2", "3", "4", "5", "6"), GREEDY);
        var a = batcher.submit(List.of("a", "b"), GREEDY);
        var b = batcher.submit(List.of("c", "d"), GREEDY);
        var c = batcher.submit(List.of("e"), GREEDY);
        model.release();
        CompletableFuture.allOf(big, a, b, c).get(10, TimeUnit.SECONDS);
        // the oldest (6 sentences) alone; then 2 + 2 (4 = the limit); then 1
        assertEquals(List.of(1, 6, 4, 1), model.batchSizes());
    }

    @Test
    void requestsWithOtherSettingsWaitForTheirOwnBatch() throws Exception {
        start(Duration.ZERO, 32, 100);
        model.hold();
        batcher.submit(List.of("x"), GREEDY);
        model.awaitHeld();
        var beam1 = batcher.submit(List.of("a"), BEAM);
        var greedy1 = batcher.submit(List.of("b", "c"), GREEDY);
        var beam2 = batcher.submit(List.of("d", "e", "f"), BEAM);
        model.release();
        CompletableFuture.allOf(beam1, greedy1, beam2).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(1, 4, 2), model.batchSizes());
    }

    @Test
    void theWindowGathersRequestsThatArriveShortlyAfterTheFirst() throws Exception {
        start(Duration.ofSeconds(1), 3, 100);
        var a = batcher.submit(List.of("a"), GREEDY);
        var b = batcher.submit(List.of("b"), GREEDY);
        var c = batcher.submit(List.of("c"), GREEDY); // fills the batch: no need to wait the full window
        CompletableFuture.allOf(a, b, c).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(3), model.batchSizes());
    }

    @Test
    void theQueueIsBoundedInSentences() throws Exception {
        start(Duration.ZERO, 32, 5);
        model.hold();
        batcher.submit(List.of("x"), GREEDY);
        model.awaitHeld();
        batcher.submit(List.of("a", "b", "c"), GREEDY);
        RejectedException full =
                assertThrows(RejectedException.class, () -> batcher.submit(List.of("d", "e", "f"), GREEDY));
        assertEquals(429, full.status());
        assertEquals(1, full.retryAfterSeconds());
        assertTrue(full.getMessage().contains("3 of 5 sentences queued"), full.getMessage());
        batcher.submit(List.of("d", "e"), GREEDY); // still fits
        model.release();
    }

    @Test
    void aFailingBatchFailsOnlyItsRequestsAndTheBatcherGoesOn() throws Exception {
        start(Duration.ZERO, 32, 100);
        model.hold();
        batcher.submit(List.of("x"), GREEDY);
        model.awaitHeld();
        var doomed = batcher.submit(List.of("fine", RecordingTranslator.FAIL), GREEDY);
        var other = batcher.submit(List.of("other"), BEAM);
        model.release();
        ExecutionException e = assertThrows(ExecutionException.class, () -> doomed.get(10, TimeUnit.SECONDS));
        assertEquals("failing as asked", e.getCause().getMessage());
        assertEquals("OTHER", other.get(10, TimeUnit.SECONDS).get(0).text());
        assertEquals(
                "LATER",
                batcher.submit(List.of("later"), GREEDY)
                        .get(10, TimeUnit.SECONDS)
                        .get(0)
                        .text());
        assertEquals(1, metrics.batchesFailed(), "tolk_batches_failed_total");
    }

    @Test
    void closingRefusesNewRequestsAndAnswersQueuedOnes() throws Exception {
        start(Duration.ZERO, 32, 100);
        model.hold();
        var first = batcher.submit(List.of("x"), GREEDY);
        model.awaitHeld();
        var queued = batcher.submit(List.of("y"), GREEDY);
        batcher.close();
        RejectedException refused = assertThrows(RejectedException.class, () -> batcher.submit(List.of("z"), GREEDY));
        assertEquals(503, refused.status());
        model.release();
        assertEquals("X", first.get(10, TimeUnit.SECONDS).get(0).text());
        assertEquals("Y", queued.get(10, TimeUnit.SECONDS).get(0).text());
        assertTrue(batcher.awaitTermination(Duration.ofSeconds(10)));
    }

    @Test
    void anEmptyRequestNeedsNoModel() throws Exception {
        start(Duration.ZERO, 32, 100);
        assertEquals(List.of(), batcher.submit(List.of(), GREEDY).get(1, TimeUnit.SECONDS));
        assertEquals(List.of(), model.batchSizes());
    }

    /**
     * Two workers both wait out the window of the one request; the one that does not get it must not decode an
     * empty batch (it did: "translating a batch of 0 sentences failed" under load), but wait for the next request.
     */
    @Test
    void workersThatMissTheOldestRequestWaitForTheNextInsteadOfDecodingNothing() throws Exception {
        RecordingTranslator other = new RecordingTranslator(new FakeTranslator());
        metrics = new ServeMetrics(100);
        batcher = new DynamicBatcher(List.of(model, other), Duration.ofMillis(50), 32, 100, metrics);
        for (int round = 0; round < 3; round++) {
            assertEquals(
                    "R" + round,
                    batcher.submit(List.of("r" + round), GREEDY)
                            .get(10, TimeUnit.SECONDS)
                            .get(0)
                            .text());
            Thread.sleep(100); // past the window: a worker that missed the request has woken up by now
        }
        List<Integer> sizes = new ArrayList<>(model.batchSizes());
        sizes.addAll(other.batchSizes());
        assertEquals(List.of(1, 1, 1), sizes.stream().sorted().toList(), "one batch per request");
        assertEquals(0, metrics.batchesFailed(), "no empty batch was taken (it failed before reaching the model)");
        assertEquals(3, metrics.batches());
    }
}
