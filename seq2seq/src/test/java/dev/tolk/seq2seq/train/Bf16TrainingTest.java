package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tolk.core.Adam;
import dev.tolk.core.CellType;
import dev.tolk.core.Gemm;
import dev.tolk.core.GradientClipper;
import dev.tolk.core.Precision;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.DecoderType;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.SourceBatch;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mixed-precision training ({@code train.precision=bf16}): bf16 operands in every product, float32 master weights,
 * optimiser and sums. The reverse task (Joey NMT's) is learnt as in float32, and a whole {@link Trainer} run with
 * {@code train.precision=bf16} learns the synthetic corpus, restores the process-wide precision, and is not the same
 * run as the float32 one. Skipped where the backend does not compute bf16.
 */
class Bf16TrainingTest {
    private static final Logger LOG = LoggerFactory.getLogger(Bf16TrainingTest.class);
    private static final int SYMBOLS = 10;
    private static final int VOCAB = Vocabulary.SPECIALS.size() + SYMBOLS;

    @TempDir
    Path dir;

    @Test
    void bf16ProductsLearnTheReverseTask() {
        Gemm gemm = Gemm.get();
        assumeTrue(gemm.supports(Precision.BF16), gemm.name() + " does not compute bf16");
        ModelConfig config = new ModelConfig(
                CellType.GRU,
                AttentionType.BAHDANAU,
                true,
                1,
                16,
                32,
                0.0,
                0.0,
                0.0,
                false,
                0.0,
                DecoderType.BAHDANAU,
                false,
                1,
                1,
                false);
        Precision before = gemm.precision();
        gemm.setPrecision(Precision.BF16);
        try {
            Seq2SeqModel model = new Seq2SeqModel(config, VOCAB, VOCAB, 7);
            Adam adam = new Adam(model.parameters(), 1e-2f);
            GradientClipper clip = new GradientClipper(1.0);
            SplittableRandom rnd = new SplittableRandom(11);
            double first = 0;
            double last = 0;
            for (int step = 1; step <= 400; step++) {
                adam.zeroGrad();
                double loss = model.trainStep(batch(rnd, 32), step).mean();
                clip.clip(model.parameters());
                adam.step();
                first = step == 1 ? loss : first;
                last = loss;
            }
            List<int[]> sources = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sources.add(withEos(sequence(new SplittableRandom(1000 + i))));
            }
            List<Candidate> out = new GreedySearch(model, 2.0, 0.0).search(SourceBatch.of(sources));
            int exact = 0;
            for (int i = 0; i < sources.size(); i++) {
                int[] src = sources.get(i);
                if (Arrays.equals(
                        reversed(Arrays.copyOf(src, src.length - 1)), out.get(i).ids())) {
                    exact++;
                }
            }
            LOG.info("bf16 reverse task: loss {} -> {}, {} of 100 reversed exactly", first, last, exact);
            assertTrue(last < 0.2 * first, "training loss " + first + " -> " + last);
            assertTrue(exact >= 80, exact + " of 100 unseen sequences reversed exactly");
        } finally {
            gemm.setPrecision(before);
        }
    }

    @Test
    void aBf16TrainerRunLearnsTheSyntheticCorpus() throws Exception {
        Gemm gemm = Gemm.get();
        assumeTrue(gemm.supports(Precision.BF16), gemm.name() + " does not compute bf16");
        Split<SentencePair> corpus = SyntheticCorpus.builder()
                .seed(3)
                .trainPairs(3000)
                .validPairs(100)
                .testPairs(150)
                .build()
                .write(dir);
        Seq2SeqConfig fp32 = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("train.csv"),
                "data.valid=" + dir.resolve("valid.csv"),
                "data.tokenizer=word",
                "model.embedding_size=64",
                "model.hidden_size=128",
                "model.embedding_dropout=0.1",
                "model.hidden_dropout=0",
                "model.output_dropout=0.1",
                "train.batch_tokens=1600",
                "train.max_steps=150",
                "train.validate_every=50",
                "train.checkpoint_every=150",
                "train.lr=0.003",
                "train.seed=5",
                "train.threads=1"));
        Seq2SeqConfig bf16 = fp32.withOverrides(List.of("train.precision=bf16"));
        assertEquals(Precision.BF16, bf16.train().precision());
        assertEquals(List.of("train.precision: \"fp32\" -> \"bf16\""), fp32.differencesTo(bf16));
        Precision before = gemm.precision();
        List<ValidationEvent> validations = new ArrayList<>();
        TrainResult r = new Trainer(bf16, dir.resolve("bf16"), BadRowPolicy.ERROR, w -> {})
                .run(false, new TrainingListener() {
                    @Override
                    public void onValidation(ValidationEvent e) {
                        validations.add(e);
                    }
                });
        assertEquals(before, gemm.precision(), "the run restores the process-wide precision");
        assertEquals(150, r.steps());
        double firstPpl = validations.get(0).metrics().get("ppl");
        double lastPpl = validations.get(validations.size() - 1).metrics().get("ppl");
        assertTrue(lastPpl < 0.5 * firstPpl, "validation perplexity " + firstPpl + " -> " + lastPpl);
        Translator t = Translator.load(dir.resolve("bf16"));
        assertEquals(bf16, t.config(), "the model file records train.precision");
        List<String> src = corpus.test().stream().map(SentencePair::source).toList();
        List<String> ref = corpus.test().stream().map(SentencePair::target).toList();
        List<String> hyp = t.translate(src, t.decodeConfig().greedy(), Batching.DEFAULT).stream()
                .map(TranslationResult::translation)
                .toList();
        double bleu = new Bleu(BleuConfig.corpusDefaults())
                .corpusScore(hyp, List.of(ref))
                .score();
        LOG.info("bf16 run: ppl {} -> {}, test BLEU {}", firstPpl, lastPpl, bleu);
        assertTrue(bleu > 60, "test BLEU " + bleu);

        TrainResult f = new Trainer(fp32, dir.resolve("fp32"), BadRowPolicy.ERROR, w -> {})
                .run(false, new TrainingListener() {});
        assertNotEquals(
                f.finalMetrics().get("ppl"), r.finalMetrics().get("ppl"), "bf16 products change the run's bits");
    }

    @Test
    void int8IsNotATrainingPrecision() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> Seq2SeqConfig.DEFAULTS.withOverrides(List.of("train.precision=int8")));
        assertTrue(e.getMessage().contains("fp32 or bf16"), e.getMessage());
        ConfigException bad = assertThrows(
                ConfigException.class, () -> Seq2SeqConfig.DEFAULTS.withOverrides(List.of("train.precision=fp16")));
        assertTrue(bad.getMessage().contains("fp32, bf16, int8"), bad.getMessage());
    }

    private static TokenBatch batch(SplittableRandom rnd, int size) {
        List<int[]> src = new ArrayList<>();
        for (int b = 0; b < size; b++) {
            src.add(sequence(rnd));
        }
        int s = src.stream().mapToInt(a -> a.length + 1).max().orElseThrow();
        int[] source = new int[s * size];
        int[] target = new int[s * size];
        int[] lengths = new int[size];
        for (int b = 0; b < size; b++) {
            int[] x = withEos(src.get(b));
            int[] y = withEos(reversed(src.get(b)));
            lengths[b] = x.length;
            for (int t = 0; t < x.length; t++) {
                source[t * size + b] = x[t];
                target[t * size + b] = y[t];
            }
        }
        return new TokenBatch(source, s, lengths, target, s, size);
    }

    private static int[] sequence(SplittableRandom rnd) {
        int[] s = new int[3 + rnd.nextInt(5)];
        for (int i = 0; i < s.length; i++) {
            s[i] = Vocabulary.SPECIALS.size() + rnd.nextInt(SYMBOLS);
        }
        return s;
    }

    private static int[] withEos(int[] s) {
        int[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length] = Vocabulary.EOS_ID;
        return out;
    }

    private static int[] reversed(int[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }
}
