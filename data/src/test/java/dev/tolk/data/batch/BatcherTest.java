package dev.tolk.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private static List<EncodedPair> randomExamples(int n, long seed) {
        Random rng = new Random(seed);
        List<EncodedPair> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = new int[1 + rng.nextInt(30)];
            int[] t = new int[1 + rng.nextInt(30)];
            for (int j = 0; j < s.length; j++) {
                s[j] = 1 + rng.nextInt(100);
            }
            for (int j = 0; j < t.length; j++) {
                t[j] = 1 + rng.nextInt(100);
            }
            l.add(new EncodedPair(s, t));
        }
        return l;
    }

    @Test
    void timeMajorPaddedMatricesMasksAndLengths() {
        List<EncodedPair> ex = List.of(
                new EncodedPair(new int[] {5, 6, 7}, new int[] {8}),
                new EncodedPair(new int[] {9}, new int[] {10, 11}));
        BatcherConfig cfg = BatcherConfig.builder()
                .maxTokens(100)
                .shuffle(false)
                .bucketWindow(1)
                .build();
        List<Batch> batches = new ArrayList<>();
        new Batcher(ex, cfg).epoch(0).forEachRemaining(batches::add);
        assertEquals(1, batches.size());
        Batch b = batches.get(0);
        assertEquals(2, b.size());
        assertEquals(3, b.sourceSteps());
        assertEquals(2, b.targetSteps());
        // [T=3, B=2]: row t holds step t of both sentences
        assertArrayEquals(new int[] {5, 9, 6, 0, 7, 0}, b.sourceIds());
        assertArrayEquals(new int[] {8, 10, 0, 11}, b.targetIds());
        assertArrayEquals(new float[] {1, 1, 1, 0, 1, 0}, b.sourceMask());
        assertArrayEquals(new float[] {1, 1, 0, 1}, b.targetMask());
        assertArrayEquals(new int[] {3, 1}, b.sourceLengths());
        assertArrayEquals(new int[] {1, 2}, b.targetLengths());
        assertArrayEquals(new int[] {0, 1}, b.exampleIndices());
        assertArrayEquals(new int[] {6, 0}, b.sourceStep(1));
        assertEquals(11, b.targetId(1, 1));
        assertEquals(10, b.paddedTokens());
        assertEquals(4, b.sourceTokens());
        assertEquals(3, b.targetTokens());
    }

    @Test
    void customPadId() {
        List<EncodedPair> ex = List.of(
                new EncodedPair(new int[] {5, 6}, new int[] {8}), new EncodedPair(new int[] {9}, new int[] {10}));
        BatcherConfig cfg = BatcherConfig.builder()
                .maxTokens(100)
                .shuffle(false)
                .bucketWindow(1)
                .padId(3)
                .build();
        assertArrayEquals(
                new int[] {5, 9, 6, 3}, new Batcher(ex, cfg).epoch(0).next().sourceIds());
    }

    @Test
    void everyExampleExactlyOncePerEpochWithinTheBudget() {
        List<EncodedPair> ex = randomExamples(2000, 1);
        BatcherConfig cfg = BatcherConfig.builder()
                .maxTokens(600)
                .maxSentences(16)
                .bucketWindow(256)
                .seed(3)
                .build();
        Batcher batcher = new Batcher(ex, cfg);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[ex.size()];
            EpochCursor c = batcher.epoch(epoch);
            while (c.hasNext()) {
                Batch b = c.next();
                assertTrue(b.paddedTokens() <= 600, "cost " + b.paddedTokens());
                assertTrue(b.size() <= 16);
                for (int i = 0; i < b.size(); i++) {
                    int idx = b.exampleIndices()[i];
                    seen[idx]++;
                    assertEquals(ex.get(idx).sourceLength(), b.sourceLengths()[i]);
                    assertEquals(ex.get(idx).source()[0], b.sourceId(0, i));
                    assertEquals(
                            ex.get(idx).target()[ex.get(idx).targetLength() - 1],
                            b.targetId(ex.get(idx).targetLength() - 1, i));
                }
            }
            for (int s : seen) {
                assertEquals(1, s);
            }
        }
    }

    @Test
    void bucketingReducesPadding() {
        // target lengths follow source lengths, as in real corpora
        Random rng = new Random(2);
        List<EncodedPair> ex = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int s = 1 + rng.nextInt(30);
            ex.add(new EncodedPair(new int[s], new int[Math.max(1, s + rng.nextInt(5) - 2)]));
        }
        long bucketed = padding(new Batcher(
                ex, BatcherConfig.builder().maxTokens(800).bucketWindow(1000).build()));
        long random = padding(new Batcher(
                ex, BatcherConfig.builder().maxTokens(800).bucketWindow(1).build()));
        assertTrue(bucketed * 3 < random, bucketed + " vs " + random);
    }

    private static long padding(Batcher batcher) {
        long pad = 0;
        EpochCursor c = batcher.epoch(0);
        while (c.hasNext()) {
            Batch b = c.next();
            pad += b.paddedTokens() - b.sourceTokens() - b.targetTokens();
        }
        return pad;
    }

    @Test
    void deterministicForASeedDifferentAcrossEpochsAndSeeds() {
        List<EncodedPair> ex = randomExamples(500, 4);
        BatcherConfig cfg =
                BatcherConfig.builder().maxTokens(300).bucketWindow(64).seed(11).build();
        List<int[]> a = new Batcher(ex, cfg).plan(0);
        List<int[]> b = new Batcher(ex, cfg).plan(0);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        assertFalse(Arrays.equals(a.get(0), new Batcher(ex, cfg).plan(1).get(0)));
        BatcherConfig other =
                BatcherConfig.builder().maxTokens(300).bucketWindow(64).seed(12).build();
        assertFalse(Arrays.equals(a.get(0), new Batcher(ex, other).plan(0).get(0)));
    }

    @Test
    void unshuffledBatchesAreSortedByLength() {
        List<EncodedPair> ex = randomExamples(300, 5);
        Batcher batcher = new Batcher(
                ex,
                BatcherConfig.builder()
                        .maxTokens(200)
                        .shuffle(false)
                        .bucketWindow(Integer.MAX_VALUE)
                        .build());
        int previous = 0;
        EpochCursor c = batcher.epoch(0);
        while (c.hasNext()) {
            for (int len : c.next().sourceLengths()) {
                assertTrue(len >= previous);
                previous = len;
            }
        }
    }

    @Test
    void resumeContinuesWithExactlyTheNextBatch() {
        List<EncodedPair> ex = randomExamples(800, 6);
        BatcherConfig cfg =
                BatcherConfig.builder().maxTokens(400).bucketWindow(100).seed(9).build();
        Batcher batcher = new Batcher(ex, cfg);
        EpochCursor full = batcher.epoch(2);
        List<int[]> expected = new ArrayList<>();
        full.forEachRemaining(b -> expected.add(b.exampleIndices()));
        EpochCursor first = batcher.epoch(2);
        for (int i = 0; i < 7; i++) {
            first.next();
        }
        BatchPosition saved = first.position();
        assertEquals(new BatchPosition(2, 7, 9, saved.fingerprint()), saved);
        EpochCursor resumed = new Batcher(new ArrayList<>(ex), cfg).resume(saved);
        for (int i = 7; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), resumed.next().exampleIndices());
        }
        assertFalse(resumed.hasNext());
        assertEquals(expected.size(), resumed.position().batch());
    }

    @Test
    void resumeRejectsOtherDataOrSeed() {
        List<EncodedPair> ex = randomExamples(100, 7);
        BatcherConfig cfg = BatcherConfig.builder().maxTokens(400).seed(9).build();
        BatchPosition p = new Batcher(ex, cfg).start(0);
        assertThrows(IllegalArgumentException.class, () -> new Batcher(ex.subList(0, 99), cfg).resume(p));
        BatcherConfig seed10 = BatcherConfig.builder().maxTokens(400).seed(10).build();
        assertThrows(IllegalArgumentException.class, () -> new Batcher(ex, seed10).resume(p));
        BatcherConfig smaller = BatcherConfig.builder().maxTokens(300).seed(9).build();
        assertNotEquals(p.fingerprint(), new Batcher(ex, smaller).start(0).fingerprint());
    }

    @Test
    void anExampleOverTheBudgetIsRejectedAtConstruction() {
        List<EncodedPair> ex = List.of(new EncodedPair(new int[10], new int[10]));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Batcher(ex, BatcherConfig.builder().maxTokens(19).build()));
        assertTrue(
                e.getMessage().startsWith("example 0 needs 20 tokens (source 10 + target 10) but maxTokens is 19"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EncodedPair(new int[0], new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new EncodedPair(new int[] {-1}, new int[] {1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatcherConfig.builder().bucketWindow(0).build());
    }
}
