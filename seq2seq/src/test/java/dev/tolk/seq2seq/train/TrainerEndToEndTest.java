package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.TranslationWarning;
import dev.tolk.seq2seq.translate.Translator;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a small attention GRU on the bundled synthetic corpus (en→fr) for a CI-sized budget and checks that it
 * learns: validation perplexity falls and held-out BLEU clears a threshold.
 */
class TrainerEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerEndToEndTest.class);

    @TempDir
    static Path dir;

    static Split<SentencePair> corpus;
    static Seq2SeqConfig config;

    @BeforeAll
    static void corpus() {
        corpus = SyntheticCorpus.builder()
                .seed(3)
                .trainPairs(4000)
                .validPairs(150)
                .testPairs(200)
                .build()
                .write(dir);
        config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("train.csv"),
                "data.valid=" + dir.resolve("valid.csv"),
                "data.tokenizer=word",
                "model.embedding_size=64",
                "model.hidden_size=128",
                "model.embedding_dropout=0.1",
                "model.hidden_dropout=0",
                "model.output_dropout=0.1",
                "train.batch_tokens=1600",
                "train.max_steps=200",
                "train.validate_every=50",
                "train.checkpoint_every=100",
                "train.lr=0.003",
                "train.seed=5",
                "train.threads=1"));
    }

    static Path modelDir;
    static TrainResult result;
    static final List<ValidationEvent> validations = new ArrayList<>();

    @BeforeAll
    static void train() throws Exception {
        modelDir = dir.resolve("model");
        result = new Trainer(config, modelDir, BadRowPolicy.ERROR, w -> LOG.info(w)).run(false, new TrainingListener() {
            @Override
            public void onValidation(ValidationEvent e) {
                validations.add(e);
            }
        });
        LOG.info(
                "trained {} steps in {} ({} tokens/s): {}",
                result.steps(),
                result.elapsed(),
                String.format("%.0f", result.trainTokensPerSecond()),
                validations);
    }

    @Test
    void learnsTheSyntheticCorpus() throws Exception {
        assertEquals(StopReason.MAX_STEPS, result.reason());
        assertEquals(200, result.steps());
        double first = validations.get(0).metrics().get("ppl");
        double last = validations.get(validations.size() - 1).metrics().get("ppl");
        assertTrue(last < first * 0.5, "validation perplexity " + first + " -> " + last);
        Translator t = Translator.load(modelDir);
        List<String> src = corpus.test().stream().map(SentencePair::source).toList();
        List<String> ref = corpus.test().stream().map(SentencePair::target).toList();
        List<String> hyp = t.translate(src, t.decodeConfig().greedy(), Batching.DEFAULT).stream()
                .map(TranslationResult::translation)
                .toList();
        double bleu = new Bleu(BleuConfig.corpusDefaults())
                .corpusScore(hyp, List.of(ref))
                .score();
        LOG.info("test BLEU {}; e.g. {} -> {}", bleu, src.get(0), hyp.get(0));
        assertTrue(bleu > 80, "test BLEU " + bleu);
        assertTrue(Files.exists(modelDir.resolve("config.yaml")));
        assertEquals(Seq2SeqConfig.load(modelDir.resolve("config.yaml")), config);
        assertEquals(
                validations.size(),
                Files.readAllLines(modelDir.resolve(Trainer.VALIDATION_LOG)).size());
    }

    @Test
    void choEncoderDecoderWithStackedTiedLstmAlsoLearns() throws Exception {
        Seq2SeqConfig cho = config.withOverrides(List.of(
                "model.attention=none",
                "model.bidirectional=false",
                "model.cell=lstm",
                "model.layers=2",
                "model.tied_embeddings=true",
                "model.hidden_dropout=0.1",
                "data.shared_vocab=false",
                "train.max_steps=90",
                "train.validate_every=30",
                "train.checkpoint_every=90"));
        List<ValidationEvent> v = new ArrayList<>();
        TrainResult r = new Trainer(cho, dir.resolve("cho"), BadRowPolicy.ERROR, w -> {})
                .run(false, new TrainingListener() {
                    @Override
                    public void onValidation(ValidationEvent e) {
                        v.add(e);
                    }
                });
        assertEquals(90, r.steps());
        LOG.info("cho: {}", v);
        assertTrue(
                v.get(v.size() - 1).metrics().get("ppl")
                        < 0.6 * v.get(0).metrics().get("ppl"),
                v.toString());
        Translator t = Translator.load(dir.resolve("cho"));
        assertEquals(
                null,
                translate(t, List.of("the cat sleeps ."), t.decodeConfig(), Batching.DEFAULT, true)
                        .get(0)
                        .attention());
    }

    @Test
    void batchResultsDoNotDependOnBatchSize() throws Exception {
        Translator t = Translator.load(modelDir);
        List<String> src = new ArrayList<>(
                corpus.test().subList(0, 40).stream().map(SentencePair::source).toList());
        src.set(5, "");
        src.set(17, "the the the unknownword zzz");
        for (int beam : new int[] {1, 3}) {
            List<List<TranslationResult>> runs = new ArrayList<>();
            for (int bs : new int[] {1, 3, 16}) {
                runs.add(t.translate(src, t.decodeConfig().withBeam(beam, 1), Batching.ofBatchSize(bs)));
            }
            for (int i = 0; i < src.size(); i++) {
                assertEquals(
                        runs.get(0).get(i).translation(), runs.get(1).get(i).translation(), "beam " + beam + " #" + i);
                assertEquals(
                        runs.get(0).get(i).translation(), runs.get(2).get(i).translation(), "beam " + beam + " #" + i);
                assertEquals(runs.get(0).get(i).score(), runs.get(1).get(i).score(), 1e-4, "beam " + beam + " #" + i);
            }
            assertEquals("", runs.get(0).get(5).translation());
            assertTrue(runs.get(0).get(0).translation().length() > 5);
        }
    }

    @Tag("determinism")
    @Test
    void translationsDoNotDependOnTheThreadCount() throws Exception {
        Translator t = Translator.load(modelDir);
        List<String> src =
                corpus.test().subList(0, 40).stream().map(SentencePair::source).toList();
        dev.tolk.core.Gemm gemm = dev.tolk.core.Gemm.get();
        int before = gemm.threads();
        try {
            gemm.setThreads(1);
            List<TranslationResult> one = t.translate(src, t.decodeConfig().withBeam(3, 1), Batching.DEFAULT);
            gemm.setThreads(2);
            List<TranslationResult> two = t.translate(src, t.decodeConfig().withBeam(3, 1), Batching.DEFAULT);
            for (int i = 0; i < src.size(); i++) {
                assertEquals(one.get(i).translation(), two.get(i).translation(), "#" + i);
                assertEquals(
                        one.get(i).score(), two.get(i).score(), 0.0, "#" + i + ": the same bits on 1 and 2 threads");
            }
        } finally {
            gemm.setThreads(before);
        }
    }

    @Test
    void beamSearchReturnsOrderedNbestAndBeam5IsAsGoodAsGreedy() throws Exception {
        Translator t = Translator.load(modelDir);
        List<String> src =
                corpus.test().subList(0, 60).stream().map(SentencePair::source).toList();
        List<String> ref =
                corpus.test().subList(0, 60).stream().map(SentencePair::target).toList();
        List<TranslationResult> beam = t.translate(src, t.decodeConfig().withBeam(5, 3), Batching.DEFAULT);
        for (TranslationResult r : beam) {
            assertEquals(3, r.nbest().size());
            assertEquals(r.translation(), r.nbest().get(0).text());
            assertTrue(r.nbest().get(0).score() >= r.nbest().get(1).score());
            assertTrue(r.nbest().get(1).score() >= r.nbest().get(2).score());
        }
        List<TranslationResult> greedy = t.translate(src, t.decodeConfig().greedy(), Batching.DEFAULT);
        Bleu bleu = new Bleu(BleuConfig.corpusDefaults());
        double b5 = bleu.corpusScore(
                        beam.stream().map(TranslationResult::translation).toList(), List.of(ref))
                .score();
        double g = bleu.corpusScore(
                        greedy.stream().map(TranslationResult::translation).toList(), List.of(ref))
                .score();
        LOG.info("beam-5 BLEU {} greedy BLEU {}", b5, g);
        assertTrue(b5 >= g - 1.0, "beam " + b5 + " greedy " + g);
    }

    @Test
    void attentionWeightsAreReturnedOnRequestAndRowsSumToOne() throws Exception {
        Translator t = Translator.load(modelDir);
        List<String> src =
                List.of(corpus.test().get(1).source(), corpus.test().get(2).source());
        for (int beam : new int[] {1, 4}) {
            List<TranslationResult> r = translate(t, src, t.decodeConfig().withBeam(beam, 1), Batching.DEFAULT, true);
            for (TranslationResult result : r) {
                var x = result.attention();
                assertEquals(x.targetTokens().size(), x.weights().length);
                assertEquals(
                        Vocabulary.EOS, x.sourceTokens().get(x.sourceTokens().size() - 1));
                for (float[] row : x.weights()) {
                    double sum = 0;
                    for (float w : row) {
                        sum += w;
                    }
                    assertEquals(1.0, sum, 1e-4);
                }
                assertEquals(t.encoding().detokenizeTarget(x.targetTokens()), result.translation());
            }
            List<TranslationResult> plain = t.translate(src, t.decodeConfig().withBeam(beam, 1), Batching.DEFAULT);
            assertEquals(plain.get(0).translation(), r.get(0).translation());
            assertEquals(null, plain.get(0).attention());
        }
    }

    static List<TranslationResult> translate(
            Translator t, List<String> src, DecodeConfig decode, Batching batching, boolean attention)
            throws java.io.IOException {
        List<TranslationResult> out = new ArrayList<>();
        t.translate(TranslationInput.of(src), TranslationOutput.into(out, attention), decode, batching, w -> {});
        return out;
    }

    @Test
    void overlongInputsAreChunkedWithAWarning() throws Exception {
        Translator t = Translator.load(modelDir);
        String s = corpus.test().get(0).source();
        List<TranslationWarning> warnings = new ArrayList<>();
        var decode = new dev.tolk.seq2seq.config.DecodeConfig(
                1, 0.6, 2.0, 1, false, 4, dev.tolk.seq2seq.config.OverlongPolicy.CHUNK);
        List<TranslationResult> r = new ArrayList<>();
        t.translate(
                TranslationInput.of(List.of("", s)),
                TranslationOutput.into(r, false),
                decode,
                Batching.ofBatchSize(8),
                warnings::add);
        assertEquals(1, warnings.size());
        assertEquals(2, warnings.get(0).source().line(), "the warning carries its record");
        assertTrue(warnings.get(0).message().contains(" tokens exceed the limit of 4; translating in "));
        assertTrue(!r.get(1).translation().isEmpty());
    }
}
