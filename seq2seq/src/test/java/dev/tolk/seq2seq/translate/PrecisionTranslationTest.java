package dev.tolk.seq2seq.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translation at reduced precision ({@link Translator#load(Path, Precision)}): a small attention GRU trained here on
 * the bundled synthetic corpus translates its held-out test set in bf16 and int8 within 0.5 BLEU of float32 (greedy
 * and beam 3), every precision gives the same bits on every run and thread count, and the process-wide precision
 * is restored after each call. Reduced precisions are skipped where the backend does not compute them.
 */
class PrecisionTranslationTest {
    private static final Logger LOG = LoggerFactory.getLogger(PrecisionTranslationTest.class);

    @TempDir
    static Path dir;

    static Path modelDir;
    static List<String> sources;
    static List<String> references;

    @BeforeAll
    static void train() throws Exception {
        Split<SentencePair> corpus = SyntheticCorpus.builder()
                .seed(8)
                .trainPairs(3000)
                .validPairs(100)
                .testPairs(200)
                .build()
                .write(dir);
        Seq2SeqConfig config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("train.csv"),
                "data.valid=" + dir.resolve("valid.csv"),
                "data.tokenizer=word",
                "model.embedding_size=64",
                "model.hidden_size=128",
                "model.embedding_dropout=0",
                "model.hidden_dropout=0",
                "model.output_dropout=0",
                "train.batch_tokens=1600",
                "train.max_steps=150",
                "train.validate_every=150",
                "train.checkpoint_every=150",
                "train.lr=0.003",
                "train.seed=9",
                "train.threads=1"));
        modelDir = dir.resolve("model");
        new Trainer(config, modelDir, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {});
        sources = corpus.test().stream().map(SentencePair::source).toList();
        references = corpus.test().stream().map(SentencePair::target).toList();
    }

    private static List<TranslationResult> translate(Translator t, int beam) {
        return t.translate(sources, t.decodeConfig().withBeam(beam, 1), Batching.DEFAULT);
    }

    private static double bleu(List<TranslationResult> hyp) {
        return new Bleu(BleuConfig.corpusDefaults())
                .corpusScore(hyp.stream().map(TranslationResult::translation).toList(), List.of(references))
                .score();
    }

    @ParameterizedTest
    @EnumSource(
            value = Precision.class,
            names = {"BF16", "INT8"})
    void reducedPrecisionIsWithinHalfABleuPointOfFloat32(Precision precision) throws Exception {
        assumeTrue(Gemm.get().supports(precision), Gemm.get().name() + " does not compute " + precision);
        Translator fp32 = Translator.load(modelDir);
        Translator reduced = Translator.load(modelDir, precision);
        assertEquals(precision, reduced.precision());
        for (int beam : new int[] {1, 3}) {
            List<TranslationResult> base = translate(fp32, beam);
            List<TranslationResult> low = translate(reduced, beam);
            double b32 = bleu(base);
            double bLow = bleu(low);
            long same = 0;
            long sameScore = 0;
            for (int i = 0; i < base.size(); i++) {
                same += base.get(i).translation().equals(low.get(i).translation()) ? 1 : 0;
                sameScore += base.get(i).score() == low.get(i).score() ? 1 : 0;
            }
            assertTrue(sameScore < base.size(), "the " + precision + " products ran: scores differ from fp32");
            LOG.info(
                    "beam {}: BLEU fp32 {}, {} {}; {} of {} translations identical",
                    beam,
                    b32,
                    precision,
                    bLow,
                    same,
                    base.size());
            assertTrue(b32 > 50, "the float32 model learnt the task: BLEU " + b32);
            assertTrue(Math.abs(bLow - b32) <= 0.5, precision + " BLEU " + bLow + " vs fp32 " + b32);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aFixedPrecisionGivesTheSameBitsOnEveryRunAndThreadCount(Precision precision) throws Exception {
        Gemm gemm = Gemm.get();
        assumeTrue(gemm.supports(precision), gemm.name() + " does not compute " + precision);
        int threadsBefore = gemm.threads();
        Precision before = gemm.precision();
        try {
            gemm.setThreads(1);
            List<TranslationResult> first = translate(Translator.load(modelDir, precision), 3);
            List<TranslationResult> again = translate(Translator.load(modelDir, precision), 3);
            gemm.setThreads(2);
            List<TranslationResult> twoThreads = translate(Translator.load(modelDir, precision), 3);
            for (int i = 0; i < first.size(); i++) {
                for (List<TranslationResult> other : List.of(again, twoThreads)) {
                    assertEquals(first.get(i).translation(), other.get(i).translation(), "#" + i);
                    assertEquals(
                            Double.doubleToLongBits(first.get(i).score()),
                            Double.doubleToLongBits(other.get(i).score()),
                            "#" + i + ": the same bits");
                }
            }
            assertEquals(before, gemm.precision(), "the precision is restored after translating");
        } finally {
            gemm.setThreads(threadsBefore);
        }
    }

    /**
     * At fp32 and bf16 a sentence's translation does not depend on the sentences it is batched with: batches of 1,
     * 7 and 64 give the same text, and scores within float32 rounding (a kernel's rounding depends on the batch's
     * padded shape). int8 is left out on purpose: its activation scale is one per product (per tensor, as PyTorch's
     * dynamic quantisation), set by the largest value in the batch, so a sentence's int8 translation can change with
     * its neighbours (README, "Determinism").
     */
    @ParameterizedTest
    @EnumSource(
            value = Precision.class,
            names = {"FP32", "BF16"})
    void translationsDoNotDependOnTheBatch(Precision precision) throws Exception {
        assumeTrue(Gemm.get().supports(precision), Gemm.get().name() + " does not compute " + precision);
        Translator t = Translator.load(modelDir, precision);
        for (int beam : new int[] {1, 3}) {
            var decode = t.decodeConfig().withBeam(beam, 1);
            List<TranslationResult> alone = t.translate(sources, decode, Batching.ofBatchSize(1));
            for (int size : new int[] {7, 64}) {
                List<TranslationResult> batched = t.translate(sources, decode, Batching.ofBatchSize(size));
                for (int i = 0; i < sources.size(); i++) {
                    String at = precision + ", beam " + beam + ", batches of " + size + ", #" + i;
                    assertEquals(alone.get(i).translation(), batched.get(i).translation(), at);
                    double s = alone.get(i).score();
                    assertEquals(s, batched.get(i).score(), 1e-5 * Math.abs(s), at);
                }
            }
        }
    }

    @Test
    void aPrecisionTheBackendCannotComputeIsRefusedAtLoad() {
        Gemm gemm = Gemm.get();
        Precision missing = null;
        for (Precision p : Precision.values()) {
            missing = missing == null && !gemm.supports(p) ? p : missing;
        }
        assumeTrue(missing != null, gemm.name() + " computes every precision here");
        Precision p = missing;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Translator.load(modelDir, p));
        assertTrue(e.getMessage().contains(p.id()), e.getMessage());
    }
}
