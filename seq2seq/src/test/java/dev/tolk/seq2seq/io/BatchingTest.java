package dev.tolk.seq2seq.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.seq2seq.config.OverlongPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchingTest {
    private static int tokens(String s) {
        return s.isBlank() ? 0 : s.trim().split(" +").length;
    }

    private static List<String> reversed(List<String> batch) {
        return batch.stream()
                .map(s -> new StringBuilder(s).reverse().toString().toUpperCase())
                .toList();
    }

    private static List<String> corpus() {
        Random r = new Random(1234);
        List<String> out = new ArrayList<>();
        for (int line = 0; line < 57; line++) {
            int i = line;
            int n = r.nextInt(12);
            out.add(
                    i % 9 == 0
                            ? (i % 2 == 0 ? "" : " \u00a0")
                            : String.join(
                                    " ",
                                    IntStream.range(0, n + 1)
                                            .mapToObj(k -> "w" + i + "_" + k)
                                            .toList()));
        }
        return out;
    }

    @Test
    void resultsDoNotDependOnBatchSizeOrThreadsAndKeepOrder() {
        List<String> in = corpus();
        List<String> expected = in.stream()
                .map(s -> SortedBatches.isEmpty(s) ? "" : reversed(List.of(s)).get(0))
                .toList();
        for (int batch : new int[] {1, 2, 7, 64}) {
            for (int threads : new int[] {1, 2, 3}) {
                List<String> out = new SortedBatches<String>(
                                batch, threads, BatchingTest::tokens, BatchingTest::reversed, s -> "")
                        .apply(in);
                assertEquals(expected, out, "batch " + batch + " threads " + threads);
            }
        }
    }

    @Test
    void batchesAreSortedByLengthAndEmptiesNeverReachTheModel() {
        List<String> in = corpus();
        List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
        new SortedBatches<String>(
                        5,
                        1,
                        BatchingTest::tokens,
                        b -> {
                            seen.add(b);
                            return reversed(b);
                        },
                        s -> "")
                .apply(in);
        List<Integer> lengths =
                seen.stream().flatMap(List::stream).map(BatchingTest::tokens).toList();
        List<Integer> sorted = new ArrayList<>(lengths);
        Collections.sort(sorted);
        assertEquals(sorted, lengths);
        long empties = in.stream().filter(SortedBatches::isEmpty).count();
        assertEquals(7, empties);
        assertEquals(in.size() - empties, lengths.size());
        assertTrue(seen.stream().allMatch(b -> b.size() <= 5));
    }

    @Test
    void aTranslateFunctionReturningTheWrongCountIsCaught() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new SortedBatches<String>(4, 1, String::length, b -> b.subList(0, 1), s -> "")
                        .apply(List.of("a", "b")));
        assertEquals(
                "the translate function returned 1 results for a batch of 2 inputs; it must return one result per input",
                e.getMessage());
    }

    @Test
    void lengthGuardChunksEvenlyOrTruncatesWithAWarning() {
        List<String> warnings = new ArrayList<>();
        List<String> tokens = IntStream.range(0, 11).mapToObj(i -> "t" + i).toList();
        LengthGuard chunk = new LengthGuard(4, OverlongPolicy.CHUNK, warnings::add);
        List<List<String>> pieces = chunk.apply("in.txt:3", tokens);
        assertEquals(
                List.of(List.of("t0", "t1", "t2", "t3"), List.of("t4", "t5", "t6", "t7"), List.of("t8", "t9", "t10")),
                pieces);
        assertEquals(
                List.of(
                        "in.txt:3: 11 tokens exceed the limit of 4; translating in 3 chunks (raise decode.max_input_tokens to translate it whole)"),
                warnings);
        assertEquals(
                List.of(tokens.subList(0, 4)),
                new LengthGuard(4, OverlongPolicy.TRUNCATE, warnings::add).apply("x:1", tokens));
        assertTrue(warnings.get(1).startsWith("x:1: 11 tokens exceed the limit of 4; truncated to the first 4"));
        assertEquals(List.of(List.of("a", "b")), chunk.apply("x:2", List.of("a", "b")));
        assertEquals(2, warnings.size());
        List<List<String>> nine = new LengthGuard(8, OverlongPolicy.CHUNK, w -> {}).apply("x", tokens.subList(0, 9));
        assertEquals(List.of(5, 4), nine.stream().map(List::size).toList());
    }
}
