package dev.tolk.data.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.CorpusData;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CsvCorpusReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledCorpusTest {

    @Test
    void everyPartExtractsWithItsChecksumAndPairCount(@TempDir Path dir) throws Exception {
        BundledCorpus c = BundledCorpus.TATOEBA_EN_FR;
        for (BundledCorpus.Part part : List.of(c.train(), c.valid(), c.test())) {
            Path f = c.extract(part, dir);
            assertEquals(dir.resolve(part.name() + ".csv"), f);
            CorpusData data = CsvCorpusReader.of(CorpusFormat.csv()).readAll(f);
            assertEquals(part.pairs(), data.pairs().size(), part.name());
            assertEquals(0, data.report().skipped(), part.name());
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file is left behind");
        }
        assertTrue(Files.readString(dir.resolve("test.csv")).startsWith("source,target\r\nCall me.,Appelle-moi !"));
    }

    @Test
    void theAttributionNamesTheSourcesAndTheLicence() {
        String a = BundledCorpus.TATOEBA_EN_FR.attribution();
        assertTrue(a.contains("www.manythings.org/anki and tatoeba.org"), a);
        assertTrue(a.contains("CC BY 2.0 FR"), a);
    }
}
