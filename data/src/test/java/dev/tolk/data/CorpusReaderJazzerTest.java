package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * Coverage-guided fuzzing of {@link CsvCorpusReader} with Jazzer. The contract under test: any byte string,
 * in any format, under any bad-row policy and filter, either reads into consistent pairs (see
 * {@link CorpusReaderFuzzTest#check}) or fails with a {@link CorpusException} that names the file, a line and a
 * reason. Any other exception is a bug.
 *
 * <p>In the default build this runs in Jazzer's regression mode: the empty input plus every file in
 * {@code src/test/resources/dev/tolk/data/CorpusReaderJazzerTestInputs/fuzzReader/} (hand-picked CSV and UTF-8
 * edge cases, and any crash Jazzer ever found). To fuzz for real (a coverage-guided search that also
 * instruments commons-csv):
 * <pre>JAZZER_FUZZ=1 mvn -pl data test -Dtest=CorpusReaderJazzerTest -Djazzer.instrument=dev.tolk.**,org.apache.commons.csv.**</pre>
 * (bounded by {@code maxDuration} below); findings are written to that folder as new regression inputs.
 */
class CorpusReaderJazzerTest {

    @FuzzTest(maxDuration = "60s")
    void fuzzReader(FuzzedDataProvider data) {
        CorpusFormat format = switch (data.consumeInt(0, 4)) {
            case 0 -> CorpusFormat.csv();
            case 1 -> CorpusFormat.tsv();
            case 2 -> CorpusFormat.builder(CorpusFormat.Kind.CSV).header(false).build();
            case 3 ->
                CorpusFormat.builder(CorpusFormat.Kind.TSV)
                        .header(false)
                        .quoting(true)
                        .build();
            default ->
                CorpusFormat.builder(CorpusFormat.Kind.CSV)
                        .header(false)
                        .source(Column.at(2))
                        .target(Column.at(0))
                        .build();
        };
        BadRowPolicy policy = BadRowPolicy.values()[data.consumeInt(0, BadRowPolicy.values().length - 1)];
        PairFilter filter = data.consumeBoolean()
                ? PairFilter.NONE
                : PairFilter.builder()
                        .maxTokens(data.consumeInt(1, 4))
                        .maxLengthRatio(data.consumeInt(1, 4))
                        .dropDuplicates(data.consumeBoolean())
                        .build();
        byte[] input = data.consumeRemainingAsBytes();
        try {
            CorpusData d =
                    new CsvCorpusReader(format, filter, policy).readAll(new ByteArrayInputStream(input), "fuzz.csv");
            CorpusReaderFuzzTest.check(d, input);
        } catch (CorpusException e) {
            assertTrue(e.getMessage().startsWith("fuzz.csv"), e.getMessage());
            assertTrue(e.line() >= 0 && e.column() >= 0, e.getMessage());
            assertFalse(e.reason().isBlank(), e.getMessage());
        }
    }
}
