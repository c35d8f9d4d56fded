package dev.tolk.seq2seq.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Adam;
import dev.tolk.core.GradientClipper;
import dev.tolk.data.SentencePair;
import dev.tolk.data.batch.EpochCursor;
import dev.tolk.data.training.EncodedCorpus;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.config.TargetOrder;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.search.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A right-to-left model ({@code data.target_order = r2l}) end to end: its training targets are the reversed
 * tokens, its translations read left to right, and forced decoding scores a translation as beam search did.
 */
class RightToLeftTest {
    private static final String[] WORDS = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};

    static Seq2SeqConfig config;
    static TextEncoding encoding;
    static Seq2SeqModel model;

    /** The reverse task in words: "a b c" → "c b a". */
    private static List<SentencePair> pairs(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<SentencePair> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] s = new String[3 + rnd.nextInt(5)];
            for (int j = 0; j < s.length; j++) {
                s[j] = WORDS[rnd.nextInt(WORDS.length)];
            }
            out.add(SentencePair.of(String.join(" ", s), reversed(String.join(" ", s))));
        }
        return out;
    }

    private static String reversed(String s) {
        List<String> w = new ArrayList<>(Arrays.asList(s.split(" ")));
        java.util.Collections.reverse(w);
        return String.join(" ", w);
    }

    @BeforeAll
    static void trainRightToLeft() {
        config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.tokenizer=word",
                "data.target_order=r2l",
                "model.embedding_size=16",
                "model.hidden_size=32",
                "model.hidden_dropout=0",
                "model.embedding_dropout=0",
                "model.output_dropout=0"));
        List<SentencePair> train = pairs(1, 3000);
        encoding = TextEncoding.learn(train, config.data());
        model = new Seq2SeqModel(
                config.model(),
                encoding.sourceVocabulary().size(),
                encoding.targetVocabulary().size(),
                7);
        Adam adam = new Adam(model.parameters(), 1e-2f);
        GradientClipper clip = new GradientClipper(1.0);
        EncodedCorpus corpus = encoding.pairEncoder().encode(train, 100);
        long step = 0;
        for (int epoch = 0; step < 300; epoch++) {
            EpochCursor c = corpus.shuffled(300, 5).epoch(epoch);
            while (c.hasNext() && step < 300) {
                adam.zeroGrad();
                model.trainStep(TokenBatch.of(c.next()), ++step);
                clip.clip(model.parameters());
                adam.step();
            }
        }
    }

    @Test
    void rightToLeftTrainingEncodesEveryTargetReversed() {
        Seq2SeqConfig l2rConfig = config.withOverride("data.target_order=l2r");
        List<SentencePair> some = pairs(3, 50);
        TextEncoding l2r = TextEncoding.learn(some, l2rConfig.data());
        TextEncoding r2l = TextEncoding.learn(some, config.data());
        assertEquals(TargetOrder.R2L, r2l.targetOrder());
        EncodedCorpus forward = l2r.pairEncoder().encode(some, 100);
        EncodedCorpus backward = r2l.pairEncoder().encode(some, 100);
        assertEquals(forward.pairs().size(), backward.pairs().size());
        for (int i = 0; i < forward.pairs().size(); i++) {
            int[] f = forward.pairs().get(i).target();
            int[] expected = new int[f.length];
            for (int t = 0; t < f.length - 1; t++) {
                expected[t] = f[f.length - 2 - t];
            }
            expected[f.length - 1] = f[f.length - 1];
            assertArrayEquals(expected, backward.pairs().get(i).target(), "pair " + i);
            assertArrayEquals(
                    forward.pairs().get(i).source(), backward.pairs().get(i).source());
        }
        // the order travels with the model file's tokenizer JSON; left-to-right JSON is unchanged
        assertEquals("r2l", r2l.tokenizerJson().get("target_order").asText());
        assertFalse(l2r.tokenizerJson().has("target_order"));
        TextEncoding back = TextEncoding.fromJson(r2l.tokenizerJson(), r2l.vocabulariesJson());
        assertTrue(back.rightToLeft());
        assertArrayEquals(
                backward.pairs().get(0).target(),
                back.encodeTarget(back.targetPieces(some.get(0).target())));
    }

    @Test
    void translationsOfARightToLeftModelReadLeftToRight() {
        Translator t = new Translator(config, encoding, model);
        List<SentencePair> test = pairs(99, 40);
        List<TranslationResult> out =
                t.translate(test.stream().map(SentencePair::source).toList(), config.decode(), Batching.DEFAULT);
        int exact = 0;
        for (int i = 0; i < test.size(); i++) {
            exact += test.get(i).target().equals(out.get(i).translation()) ? 1 : 0;
        }
        assertTrue(exact >= 32, exact + " of 40 reversed exactly: " + out.get(0).translation());
    }

    @Test
    void forcedDecodingScoresTheModelsOwnBestHypothesisAsTheBeamDid() {
        Translator t = new Translator(config, encoding, model);
        List<SentencePair> test = pairs(77, 12);
        List<String> sources = test.stream().map(SentencePair::source).toList();
        List<TranslationResult> out = t.translate(sources, config.decode(), Batching.DEFAULT);
        List<List<String>> hyps =
                out.stream().map(r -> List.of(r.translation())).toList();
        List<double[]> scores = new HypothesisScorer(t, config.decode().lengthPenalty()).score(sources, hyps);
        for (int i = 0; i < sources.size(); i++) {
            double beam = out.get(i).score();
            assertEquals(beam, scores.get(i)[0], 1e-5 * Math.abs(beam) + 1e-6, sources.get(i));
        }
        // a worse hypothesis (the source itself, not reversed) scores lower
        List<double[]> worse =
                new HypothesisScorer(t, 0.6).score(List.of("a b c d"), List.of(List.of("d c b a", "a b c d", "")));
        assertTrue(worse.get(0)[0] > worse.get(0)[1], Arrays.toString(worse.get(0)));
        assertTrue(worse.get(0)[0] > worse.get(0)[2], Arrays.toString(worse.get(0)));
        assertEquals(1, Candidate.lengthPenalty(1, 0), 0);
    }
}
