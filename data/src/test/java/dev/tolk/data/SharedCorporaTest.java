package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact pair counts of the shared development corpora; skipped when they are not present. */
class SharedCorporaTest {

    @ParameterizedTest
    @CsvSource({
        "tatoeba-en-fr/train.csv, 163258",
        "tatoeba-en-fr/valid.csv, 1983",
        "tatoeba-en-fr/test.csv, 1889",
        "multi30k-en-de/train.csv, 29000",
        "multi30k-en-de/valid.csv, 1014",
        "multi30k-en-de/test.csv, 1000"
    })
    void readsEveryPairAndSkipsNone(String relative, int pairs) {
        Optional<Path> file = SharedData.file(relative);
        assumeTrue(file.isPresent(), "shared corpus " + relative + " not present");
        CsvCorpusReader strict = new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, BadRowPolicy.ERROR);
        CorpusData d = strict.readAll(file.get());
        assertEquals(pairs, d.pairs().size());
        assertEquals(pairs, d.report().rows());
        assertEquals(0, d.report().skipped());
        // files written by Python's csv module: one record per physical line, no multi-line fields
        assertEquals(pairs + 1, d.pairs().get(pairs - 1).line());
    }
}
