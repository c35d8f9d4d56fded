package dev.tolk.seq2seq.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CsvCorpusReader;
import dev.tolk.data.PairFilter;
import dev.tolk.data.SentencePair;
import dev.tolk.data.bundled.BundledCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.config.TokenizerType;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.train.TrainResult;
import dev.tolk.seq2seq.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
    @TempDir
    Path dir;

    @Test
    void eachCorpusHasItsDefaults() {
        Quickstart t = Quickstart.of(Quickstart.Corpus.TATOEBA, 1, null, null, null, null);
        assertEquals(100_000, t.maxSteps());
        assertEquals(Duration.ofMillis(255_000), t.timeBudget());
        assertEquals(163_258, t.trainPairs());
        assertEquals(1_889, t.testPairs());
        Quickstart s = Quickstart.of(Quickstart.Corpus.SYNTHETIC, 1, null, null, null, null);
        assertEquals(800, s.maxSteps());
        assertNull(s.timeBudget(), "no time budget on the synthetic corpus");
        assertEquals(12_000, s.trainPairs());
        assertEquals(500, s.testPairs());
        Quickstart given = Quickstart.of(Quickstart.Corpus.TATOEBA, 7, 30L, 0.0, 100, 3);
        assertEquals(new Quickstart(Quickstart.Corpus.TATOEBA, 7, 30, null, 100, 3), given);
        assertEquals(
                Duration.ofMillis(90_000),
                Quickstart.of(Quickstart.Corpus.SYNTHETIC, 1, null, 1.5, null, null)
                        .timeBudget());
    }

    @Test
    void invalidSettingsAreRejectedWithOneLineNamingTheOption() {
        assertRejected(
                "--minutes must be in [0, 10000] (0 = no time budget), got -1.0",
                () -> Quickstart.of(Quickstart.Corpus.TATOEBA, 1, null, -1.0, null, null));
        assertRejected(
                "--minutes must be in [0, 10000] (0 = no time budget), got NaN",
                () -> Quickstart.of(Quickstart.Corpus.TATOEBA, 1, null, Double.NaN, null, null));
        assertRejected(
                "--max-steps must be >= 1, got 0",
                () -> Quickstart.of(Quickstart.Corpus.TATOEBA, 1, 0L, null, null, null));
        assertRejected(
                "--train-pairs must be in [100, 163258], got 99",
                () -> Quickstart.of(Quickstart.Corpus.TATOEBA, 1, null, null, 99, null));
        assertRejected(
                "--train-pairs must be in [100, 500000], got 500001",
                () -> Quickstart.of(Quickstart.Corpus.SYNTHETIC, 1, null, null, 500_001, null));
        assertRejected(
                "--test-pairs must be in [1, 1889], got 1890",
                () -> Quickstart.of(Quickstart.Corpus.TATOEBA, 1, null, null, null, 1890));
        assertRejected(
                "--test-pairs must be in [1, 500], got 0",
                () -> Quickstart.of(Quickstart.Corpus.SYNTHETIC, 1, null, null, null, 0));
    }

    private static void assertRejected(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void tatoebaIsTheFirstPairsOfEachBundledPartWithItsAttribution() throws Exception {
        Quickstart q = Quickstart.of(Quickstart.Corpus.TATOEBA, 5, 40L, null, 100, 3);
        Quickstart.Prepared p = q.prepare(dir, 1);
        Path data = dir.resolve("data");
        assertEquals(data, p.data());
        assertEquals(100, p.trainPairs());
        assertEquals(Quickstart.TATOEBA_VALID_PAIRS, p.validPairs());
        assertEquals(3, p.test().size());
        Path whole = BundledCorpus.TATOEBA_EN_FR.extract(BundledCorpus.TATOEBA_EN_FR.test(), dir.resolve("whole"));
        List<SentencePair> bundledTest = read(whole);
        assertEquals(texts(bundledTest.subList(0, 3)), texts(p.test()));
        assertEquals(texts(p.test()), texts(read(data.resolve("test.csv"))));
        assertEquals(100, read(data.resolve("train.csv")).size());
        assertEquals(500, read(data.resolve("valid.csv")).size());
        assertEquals(BundledCorpus.TATOEBA_EN_FR.attribution(), Files.readString(data.resolve(Quickstart.ATTRIBUTION)));
        Seq2SeqConfig c = p.config();
        assertEquals(TokenizerType.BPE, c.data().tokenizer());
        assertEquals(4000, c.data().bpeVocabSize());
        assertEquals(data.resolve("train.csv").toString(), c.data().train());
        assertEquals(5, c.train().seed());
        assertEquals(40, c.train().maxSteps());
        assertEquals(20, c.train().validateEvery(), "half the updates when fewer than 500");
        assertEquals(1, c.train().threads());
        assertEquals(5, c.decode().beamSize());
    }

    @Test
    void theSyntheticCorpusTrainsAndIsTranslatedAndScored() throws Exception {
        Quickstart q = Quickstart.of(Quickstart.Corpus.SYNTHETIC, 2, 3L, null, 200, 7);
        Quickstart.Prepared p = q.prepare(dir, 1);
        assertEquals(200, p.trainPairs());
        assertEquals(Quickstart.SYNTHETIC_VALID_PAIRS, p.validPairs());
        assertEquals(texts(p.test()), texts(read(dir.resolve("data/test.csv"))));
        assertEquals(100, p.config().train().validateEvery());
        assertEquals(TokenizerType.WORD, p.config().data().tokenizer());
        TrainResult r = new Trainer(p.config(), dir, BadRowPolicy.ERROR, w -> {})
                .run(Trainer.Start.OVERWRITE, new TrainingListener() {}); // as the quickstart: dir holds data/
        assertEquals(3, r.steps());
        Quickstart.Evaluation e = Quickstart.evaluate(dir, p.test());
        assertEquals(p.test().stream().map(SentencePair::source).toList(), e.sources());
        assertEquals(p.test().stream().map(SentencePair::target).toList(), e.references());
        assertEquals(7, e.translations().size());
        assertEquals(5, e.beamSize());
        assertTrue(
                e.bleu().format().startsWith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|"),
                e.bleu().format());
        assertTrue(e.bleu().score() >= 0 && e.bleu().score() <= 100);
        assertTrue(e.chrf().format().startsWith("chrF2|nrefs:1|"), e.chrf().format());
    }

    private static List<SentencePair> read(Path file) throws Exception {
        return new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, BadRowPolicy.ERROR)
                .readAll(file)
                .pairs();
    }

    private static List<String> texts(List<SentencePair> pairs) {
        return pairs.stream().map(x -> x.source() + "\t" + x.target()).toList();
    }
}
