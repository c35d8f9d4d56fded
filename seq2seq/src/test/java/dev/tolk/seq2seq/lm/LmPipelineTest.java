package dev.tolk.seq2seq.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.CellType;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.telemetry.ValidationEvent;
import dev.tolk.tokenizer.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams, columns, evaluation, sampling, model files, checkpoints and resuming. */
class LmPipelineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void columnsAreTimeMajorAndTheTailContinuesTheLastColumn() {
        int[] ids = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
        StreamColumns c = new CharStream(ids).columns(3);
        assertEquals(3, c.batch());
        assertEquals(3, c.length());
        assertArrayEquals(new int[] {10, 13, 16, 11, 14, 17, 12, 15, 18}, c.inputs());
        assertArrayEquals(new int[] {11, 14, 17, 12, 15, 18, 13, 16, 19}, c.targets());
        assertArrayEquals(new int[] {19}, c.tailInputs());
        assertArrayEquals(new int[] {20}, c.tailTargets());
        assertEquals(2, c.segments(2));
        assertEquals(2, new CharStream(new int[] {1, 2, 3}).columns(8).batch());
        assertThrows(IllegalArgumentException.class, () -> new CharStream(new int[] {1}).columns(2));
    }

    @Test
    void vocabularyMapsCodePointsAndUnknownCharacters() {
        int[] text = "ab a\n😀".codePoints().toArray();
        CharVocabulary v = CharVocabulary.build(text);
        assertEquals(4 + 5, v.size());
        assertEquals(4, v.id('a'));
        assertEquals("▁", v.vocabulary().token(v.id(' ')));
        assertEquals(0x1F600, v.codePoint(v.id(0x1F600)));
        assertEquals(Vocabulary.UNK_ID, v.id('z'));
        assertEquals(-1, v.codePoint(Vocabulary.UNK_ID));
        CharVocabulary back =
                new CharVocabulary(Vocabulary.fromJson(v.vocabulary().toJson(), "test"));
        assertEquals(v.vocabulary(), back.vocabulary());
        assertEquals(2, CharVocabulary.countUnknown(v.encode("zzb".codePoints().toArray())));
    }

    @Test
    void strictUtf8NamesLineAndColumn() throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'o', 'k', '\n', 'a', 'b', (byte) 0xFF, 'c'});
        IOException e = assertThrows(IOException.class, () -> Utf8Text.readCodePoints(bad));
        assertTrue(e.getMessage().startsWith(bad + ":2:3: invalid UTF-8 (bytes 0xFF"), e.getMessage());
        Path bom = dir.resolve("bom.txt");
        Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', '\r', '\n'});
        assertArrayEquals(new int[] {'h', '\r', '\n'}, Utf8Text.readCodePoints(bom));
        assertThrows(NoSuchFileException.class, () -> Utf8Text.readCodePoints(dir.resolve("missing.txt")));
    }

    @Test
    void evaluationScoresEveryCharacterOnceWhateverTheSegmentSize() {
        int[] text = CharLanguageModelLearningTest.sentences(20, 5);
        CharVocabulary v = CharVocabulary.build(text);
        CharLanguageModel m = new CharLanguageModel(new LmConfig(CellType.GRU, v.size(), 6, 12, 2), 9);
        CharStream s = new CharStream(v.encode(text));
        double[] a = new LmEvaluation(7, 5).perCharacterNll(m, s);
        double[] b = new LmEvaluation(7, 1000).perCharacterNll(m, s);
        assertEquals(text.length - 1, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5, "position " + i);
        }
        // with one column, the first prediction is scored from a zero state and equals a fresh one-step forward
        double[] one = new LmEvaluation(1, 3).perCharacterNll(m, s);
        float[] logits = new float[v.size()];
        m.step(s.ids()[0], m.newState(1), logits);
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z - max);
        }
        assertEquals(max + Math.log(sum) - logits[s.ids()[1]], one[0], 1e-5);
        double total = 0;
        for (double x : one) {
            total += x;
        }
        Perplexity p = new LmEvaluation(1, 3).perplexity(m, s);
        assertEquals(Math.exp(total / one.length), p.value(), 1e-9);
        assertEquals(total / one.length / Math.log(2), p.bitsPerToken(), 1e-9);
    }

    @Test
    void samplingIsReproducibleAndHonoursTheSeedAndTemperature() {
        int[] text = CharLanguageModelLearningTest.sentences(50, 5);
        CharVocabulary v = CharVocabulary.build(text);
        CharLanguageModel m = new CharLanguageModel(new LmConfig(CellType.LSTM, v.size(), 0, 16, 1), 4);
        long[] counts = LmRun.counts(new CharStream(v.encode(text)), v.size());
        String a = new Sampler(1.0, 42).sample(m, v, counts, "the ", 200);
        String b = new Sampler(1.0, 42).sample(m, v, counts, "the ", 200);
        String c = new Sampler(1.0, 43).sample(m, v, counts, "the ", 200);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(200, a.codePointCount(0, a.length()));
        assertTrue(a.codePoints().allMatch(cp -> v.id(cp) != Vocabulary.UNK_ID), a);
        String empty = new Sampler(0.5, 1).sample(m, v, counts, "", 30);
        assertEquals(30, empty.length());
        assertEquals(new Sampler(0, 1).sample(m, v, counts, "a", 40), new Sampler(0, 2).sample(m, v, counts, "a", 40));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(-1, 1));
    }

    @Test
    void runWritesAModelThatReloadsToTheSameScores() throws Exception {
        Path input = text("corpus.txt", 300);
        List<ValidationEvent> validations = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onValidation(ValidationEvent event) {
                validations.add(event);
            }
        };
        LmTrainingConfig cfg = new LmTrainingConfig(16, 8, 1e-2, 5, 60, 0, 0.1, 25, 0, 5);
        LmRun.Outcome out = LmRun.train(
                input, dir.resolve("m"), vs -> new LmConfig(CellType.GRU, vs, 8, 24, 1), cfg, false, listener, CLOCK);
        assertEquals(60, out.training().steps());
        assertEquals(
                List.of(25L, 50L, 60L),
                validations.stream().map(ValidationEvent::step).toList());
        assertTrue(Files.exists(dir.resolve("m").resolve(LmCheckpoint.FILE_NAME)));
        assertEquals(
                3,
                Files.readAllLines(dir.resolve("m").resolve(LmRun.VALIDATION_LOG))
                        .size());
        LmModelFile file = LmModelFile.read(dir.resolve("m"));
        assertEquals(out.model().config(), file.config());
        assertEquals(out.model().weights(), file.weights());
        Perplexity last = out.training().valid();
        assertEquals(last.value(), file.provenance().metrics().get("valid_ppl"), 1e-9);
        assertEquals(last.value(), validations.get(2).metrics().get("ppl"), 1e-9);
        // the tail scored by the reloaded model with the trainer's columns gives the logged value
        int[] cps = Utf8Text.readCodePoints(input);
        int tail = (int) Math.round(cps.length * 0.1);
        int[] ids = file.vocabulary().encode(java.util.Arrays.copyOfRange(cps, cps.length - tail, cps.length));
        Perplexity again = new LmEvaluation(8, 128).perplexity(file.toModel(), new CharStream(ids));
        assertEquals(last.value(), again.value(), 1e-9);
        assertTrue(last.value() < 4, "valid ppl " + last.value());
    }

    @Test
    void aTextFileIsScoredAsTheTrainerScoresItsTailWithUnknownCharactersCounted() throws Exception {
        Path input = text("corpus.txt", 120);
        LmTrainingConfig cfg = new LmTrainingConfig(16, 8, 1e-2, 5, 20, 0, 0.1, 20, 0, 5);
        LmRun.train(
                input,
                dir.resolve("m"),
                vs -> new LmConfig(CellType.GRU, vs, 8, 16, 1),
                cfg,
                false,
                new TrainingListener() {},
                CLOCK);
        LmModelFile file = LmModelFile.read(dir.resolve("m"));
        int[] cps = Utf8Text.readCodePoints(input);
        int[] held = java.util.Arrays.copyOfRange(cps, cps.length - 40, cps.length);
        Path heldFile = dir.resolve("held.txt");
        Files.writeString(heldFile, new String(held, 0, held.length), StandardCharsets.UTF_8);
        LmEvaluation eval = new LmEvaluation(4, 128);
        LmEvaluation.TextScore s = eval.score(file, heldFile);
        Perplexity direct =
                eval.perplexity(file.toModel(), new CharStream(file.vocabulary().encode(held)));
        assertEquals(direct.value(), s.perplexity().value(), 0.0);
        assertEquals(39, s.perplexity().tokens());
        assertEquals(40, s.characters());
        assertEquals(0, s.unknown());
        Path snow = dir.resolve("snow.txt");
        Files.writeString(snow, "\u2603" + new String(held, 0, 10) + "\u2603", StandardCharsets.UTF_8);
        LmEvaluation.TextScore withUnknown = eval.score(file, snow);
        assertEquals(12, withUnknown.characters());
        assertEquals(2, withUnknown.unknown());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertEquals(
                empty + ": the text is empty; give at least 2 characters",
                assertThrows(IllegalArgumentException.class, () -> eval.score(file, empty))
                        .getMessage());
        Path one = Files.writeString(dir.resolve("one.txt"), "a");
        assertEquals(
                one + ": a single character holds no prediction; give at least 2 characters",
                assertThrows(IllegalArgumentException.class, () -> eval.score(file, one))
                        .getMessage());
    }

    @Test
    void resumingGivesTheSameWeightsAsAnUninterruptedRun() throws Exception {
        Path input = text("corpus.txt", 120);
        LmTrainingConfig full = new LmTrainingConfig(8, 4, 5e-3, 1, 30, 0, 0.1, 7, 0, 2);
        LmRun.Outcome a = LmRun.train(
                input,
                dir.resolve("a"),
                vs -> new LmConfig(CellType.LSTM, vs, 0, 16, 2),
                full,
                false,
                new TrainingListener() {},
                CLOCK);
        LmRun.train(
                input,
                dir.resolve("b"),
                vs -> new LmConfig(CellType.LSTM, vs, 0, 16, 2),
                full.withSteps(12),
                false,
                new TrainingListener() {},
                CLOCK);
        LmRun.Outcome b = LmRun.train(
                input,
                dir.resolve("b"),
                vs -> new LmConfig(CellType.LSTM, vs, 0, 16, 2),
                full,
                true,
                new TrainingListener() {},
                CLOCK);
        assertEquals(12, b.resumedFromStep());
        // validations at 7 and 12, then 14, 21, 28 and 30 after resuming
        assertEquals(
                6,
                Files.readAllLines(dir.resolve("b").resolve(LmRun.VALIDATION_LOG))
                        .size());
        assertEquals(30, b.training().steps());
        List<NamedTensor> wa = a.model().weights();
        List<NamedTensor> wb = b.model().weights();
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(
                    wa.get(i).values(), wb.get(i).values(), 1e-6f, wa.get(i).name());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LmRun.train(
                        input,
                        dir.resolve("b"),
                        vs -> new LmConfig(CellType.GRU, vs, 0, 16, 2),
                        full.withSteps(40),
                        true,
                        new TrainingListener() {},
                        CLOCK));
        assertTrue(e.getMessage().contains("architecture"), e.getMessage());
    }

    @Test
    void emptyAndTooShortTextsAreRejected() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        LmTrainingConfig cfg = LmTrainingConfig.DEFAULTS.withSteps(1);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LmRun.train(
                        empty,
                        dir.resolve("m"),
                        vs -> new LmConfig(CellType.GRU, vs, 0, 4, 1),
                        cfg,
                        false,
                        new TrainingListener() {},
                        CLOCK));
        assertTrue(e.getMessage().contains("the text is empty"), e.getMessage());
        Path one = dir.resolve("one.txt");
        Files.writeString(one, "x");
        e = assertThrows(
                IllegalArgumentException.class,
                () -> LmRun.train(
                        one,
                        dir.resolve("m"),
                        vs -> new LmConfig(CellType.GRU, vs, 0, 4, 1),
                        cfg,
                        false,
                        new TrainingListener() {},
                        CLOCK));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void configsValidateAndRoundTrip() {
        LmConfig c = new LmConfig(CellType.RNN, 40, 0, 64, 2);
        assertEquals(c, LmConfig.fromJson(c.toJson()));
        assertEquals("rnn", c.toJson().get("cell").asText());
        LmTrainingConfig t = LmTrainingConfig.DEFAULTS.withSteps(10);
        assertEquals(t, LmTrainingConfig.fromJson(t.toJson()));
        assertThrows(IllegalArgumentException.class, () -> new LmConfig(CellType.GRU, 40, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> CellType.parse("tanh"));
        assertThrows(IllegalArgumentException.class, () -> new LmTrainingConfig(0, 1, 1e-3, 1, 1, 0, 0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LmTrainingConfig(8, 1, 1e-3, 1, 1, 1, 0, 1, 0, 1));
    }

    private Path text(String name, int sentences) throws IOException {
        Path p = dir.resolve(name);
        StringBuilder sb = new StringBuilder();
        for (int cp : CharLanguageModelLearningTest.sentences(sentences, 3)) {
            sb.appendCodePoint(cp);
        }
        Files.writeString(p, sb, StandardCharsets.UTF_8);
        return p;
    }
}
