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
    void resultsDoNotDependOnBatchSizeAndKeepOrder() {
        List<String> in = corpus();
        List<String> expected = reversed(in);
        for (int batch : new int[] {1, 2, 7, 64}) {
            List<String> out =
                    new SortedBatches<String, String>(batch, BatchingTest::tokens, BatchingTest::reversed).apply(in);
            assertEquals(expected, out, "batch " + batch);
        }
    }

    @Test
    void batchesAreSortedByLength() {
        List<String> in = corpus();
        List<List<String>> seen = new ArrayList<>();
        new SortedBatches<String, String>(5, BatchingTest::tokens, b -> {
                    seen.add(b);
                    return reversed(b);
                })
                .apply(in);
        List<Integer> lengths =
                seen.stream().flatMap(List::stream).map(BatchingTest::tokens).toList();
        List<Integer> sorted = new ArrayList<>(lengths);
        Collections.sort(sorted);
        assertEquals(sorted, lengths);
        assertEquals(in.size(), lengths.size());
        assertTrue(seen.stream().allMatch(b -> b.size() <= 5));
    }

    @Test
    void aTranslateFunctionReturningTheWrongCountIsCaught() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new SortedBatches<String, String>(4, String::length, b -> b.subList(0, 1))
                        .apply(List.of("a", "b")));
        assertEquals(
                "the translate function returned 1 results for a batch of 2 inputs; it must return one result per input",
                e.getMessage());
    }

    @Test
    void lengthGuardChunksEvenlyOrTruncatesWithAWarning() {
        List<String> warnings = new ArrayList<>();
        List<String> tokens = IntStream.range(0, 11).mapToObj(i -> "t" + i).toList();
        LengthGuard chunk = new LengthGuard(4, OverlongPolicy.CHUNK);
        List<List<String>> pieces = chunk.apply(tokens, warnings::add);
        assertEquals(
                List.of(List.of("t0", "t1", "t2", "t3"), List.of("t4", "t5", "t6", "t7"), List.of("t8", "t9", "t10")),
                pieces);
        assertEquals(
                List.of(
                        "11 tokens exceed the limit of 4; translating in 3 chunks (raise decode.max_input_tokens to translate it whole)"),
                warnings);
        assertEquals(
                List.of(tokens.subList(0, 4)),
                new LengthGuard(4, OverlongPolicy.TRUNCATE).apply(tokens, warnings::add));
        assertTrue(warnings.get(1).startsWith("11 tokens exceed the limit of 4; truncated to the first 4"));
        assertEquals(List.of(List.of("a", "b")), chunk.apply(List.of("a", "b"), warnings::add));
        assertEquals(2, warnings.size());
        List<List<String>> nine = new LengthGuard(8, OverlongPolicy.CHUNK).apply(tokens.subList(0, 9), w -> {});
        assertEquals(List.of(5, 4), nine.stream().map(List::size).toList());
    }
}
