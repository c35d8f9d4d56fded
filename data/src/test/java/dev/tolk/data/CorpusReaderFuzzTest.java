package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tolk.tokenizer.Whitespace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the reader: thousands of random byte strings built from the characters that matter to
 * CSV/TSV parsing and UTF-8 decoding (delimiters, quotes, CR, LF, white space including U+00A0 and U+202F, a
 * BOM, truncated and invalid UTF-8 sequences). Every read must either succeed with consistent results or
 * throw {@link CorpusException}; any other exception is a bug. Fixed seed and count, so the run is
 * reproducible and bounded.
 */
class CorpusReaderFuzzTest {
    private static final byte[][] PIECES = {
        {','},
        {','},
        {'"'},
        {'"'},
        {'\n'},
        {'\n'},
        {'\r'},
        {'\r', '\n'},
        {'\t'},
        {' '},
        {'a'},
        {'b'},
        {'a', 'b'},
        {'x', 'y', 'z'},
        {(byte) 0xC3, (byte) 0xA9},
        {(byte) 0xC3},
        {(byte) 0xE9},
        {(byte) 0xFF},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        {(byte) 0xE2, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xC2, (byte) 0xA0},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {0}
    };
    private static final List<CorpusFormat> FORMATS = List.of(
            CorpusFormat.csv(),
            CorpusFormat.tsv(),
            CorpusFormat.builder(CorpusFormat.Kind.CSV).header(false).build(),
            CorpusFormat.builder(CorpusFormat.Kind.TSV)
                    .header(false)
                    .quoting(true)
                    .build(),
            CorpusFormat.builder(CorpusFormat.Kind.CSV)
                    .header(false)
                    .source(Column.at(2))
                    .target(Column.at(0))
                    .build());

    @Test
    void randomInputsGiveConsistentPairsOrCorpusExceptionOnly() {
        Random rng = new Random(20240601L);
        int succeeded = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] input = randomInput(rng);
            CorpusFormat format = FORMATS.get(rng.nextInt(FORMATS.size()));
            BadRowPolicy policy = BadRowPolicy.values()[rng.nextInt(3)];
            PairFilter filter = rng.nextBoolean()
                    ? PairFilter.NONE
                    : PairFilter.builder()
                            .maxTokens(1 + rng.nextInt(3))
                            .maxLengthRatio(1 + rng.nextInt(3))
                            .dropDuplicates(true)
                            .build();
            CsvCorpusReader reader = new CsvCorpusReader(format, filter, policy);
            try {
                CorpusData d = reader.readAll(new ByteArrayInputStream(input), "fuzz.csv");
                check(d, input);
                succeeded++;
            } catch (CorpusException e) {
                assertTrue(e.getMessage().startsWith("fuzz.csv"), e.getMessage());
                assertTrue(e.line() >= 0 && e.column() >= 0);
                assertFalse(e.reason().isBlank());
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("input #" + i + " " + hex(input) + " with " + format + ", " + policy + " threw " + e, e);
            }
        }
        assertTrue(succeeded > 300 && rejected > 300, succeeded + " succeeded, " + rejected + " rejected");
    }

    static void check(CorpusData d, byte[] input) {
        long physicalLines = 1;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\n' || input[i] == '\r' && (i + 1 == input.length || input[i + 1] != '\n')) {
                physicalLines++;
            }
        }
        long last = 0;
        for (SentencePair p : d.pairs()) {
            assertFalse(Whitespace.isBlank(p.source()));
            assertFalse(Whitespace.isBlank(p.target()));
            assertTrue(p.line() > last && p.line() <= physicalLines, p.line() + " after " + last);
            last = p.line();
        }
        assertEquals(d.pairs().size(), d.report().pairs());
        assertEquals(d.report().rows(), d.report().pairs() + d.report().skipped());
    }

    private static byte[] randomInput(Random rng) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (rng.nextInt(3) == 0) {
            out.writeBytes("source,target\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // a third of the inputs without quotes and broken bytes, a third with quotes, a third with anything
        int mode = rng.nextInt(3);
        int n = rng.nextInt(40);
        for (int i = 0; i < n; i++) {
            int k = mode == 2 ? rng.nextInt(PIECES.length) : rng.nextInt(14);
            if (mode == 0 && PIECES[k][0] == '"') {
                k = 0;
            }
            out.writeBytes(PIECES[k]);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
