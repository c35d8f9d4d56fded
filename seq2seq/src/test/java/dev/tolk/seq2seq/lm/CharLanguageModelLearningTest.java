package dev.tolk.seq2seq.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.CellType;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each cell learns a small generated text; gated cells remember beyond the truncation window. */
class CharLanguageModelLearningTest {
    private static final String[] SENTENCES = {"the cat sat.", "a dog ran far.", "my bird sang.", "our fox hid."};

    /** Random sentences from {@link #SENTENCES}, one per line: only the choice of sentence is uncertain. */
    static int[] sentences(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(SENTENCES[r.nextInt(SENTENCES.length)]).append('\n');
        }
        return sb.toString().codePoints().toArray();
    }

    /**
     * Records {@code c-…-|c\n}: an opening letter c ∈ {a, b, c, d} drawn uniformly, a run of {@code lo..hi} dashes,
     * a bar, then c again. Only the letter after the bar depends on anything far away.
     */
    static int[] records(int count, int lo, int hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            char c = "abcd".charAt(r.nextInt(4));
            sb.append(c)
                    .append("-".repeat(lo + r.nextInt(hi - lo + 1)))
                    .append('|')
                    .append(c)
                    .append('\n');
        }
        return sb.toString().codePoints().toArray();
    }

    static CharLanguageModel train(
            CellType cell, CharVocabulary v, int[] text, int embedding, int hidden, int bptt, long steps)
            throws Exception {
        return train(cell, v, text, embedding, hidden, bptt, steps, 3);
    }

    static CharLanguageModel train(
            CellType cell, CharVocabulary v, int[] text, int embedding, int hidden, int bptt, long steps, long seed)
            throws Exception {
        CharLanguageModel m = new CharLanguageModel(new LmConfig(cell, v.size(), embedding, hidden, 1), seed);
        LmTrainingConfig cfg = new LmTrainingConfig(bptt, 16, 1e-2, 5, steps, 0, 0, 1_000_000, 0, 3);
        LmTrainer.Result r = new LmTrainer(cfg, new TrainingListener() {}, System::nanoTime)
                .train(m, new CharStream(v.encode(text)), new CharStream(new int[0]), null, null);
        assertEquals(StopReason.MAX_STEPS, r.reason());
        assertEquals(steps, r.steps());
        return m;
    }

    /** exp of the cross-entropy of {@code test} under the training text's character frequencies (add-one). */
    static double unigramPerplexity(int[] trainIds, int[] testIds, int v) {
        double[] counts = new double[v];
        for (int id : trainIds) {
            counts[id]++;
        }
        double total = trainIds.length + v;
        double nll = 0;
        for (int i = 1; i < testIds.length; i++) {
            nll -= Math.log((counts[testIds[i]] + 1) / total);
        }
        return Math.exp(nll / (testIds.length - 1));
    }

    /**
     * On held-out sentences, every cell (one-hot input for SimpleRNN, embedded for the others) reaches at most half
     * the unigram perplexity. The text's true entropy is ln 4 per sentence of ~13 characters, a perplexity near
     * 1.1; the unigram model sits near 17.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void eachCellBeatsTheUnigramModel(CellType cell) throws Exception {
        int[] text = sentences(400, 11);
        CharVocabulary v = CharVocabulary.build(text);
        int[] test = v.encode(sentences(60, 12));
        CharLanguageModel m = train(cell, v, text, cell == CellType.RNN ? 0 : 16, 48, 16, 400);
        Perplexity p = LmEvaluation.DEFAULT.perplexity(m, new CharStream(test));
        double unigram = unigramPerplexity(v.encode(text), test, v.size());
        assertTrue(unigram > 15 && unigram < 20, "unigram " + unigram);
        assertTrue(p.value() <= 0.5 * unigram, cell + ": ppl " + p.value() + " vs unigram " + unigram);
        assertTrue(p.value() < 2.0, cell + ": ppl " + p.value());
    }

    /**
     * The memory task: train on {@link #records} with runs of 1..20 dashes and a truncation window of K = 8, so the
     * gradient of the letter after the bar reaches back to the opening letter only in short records; test on records
     * whose runs are 12..20 long, where the opening letter lies 14..22 steps back, beyond any window seen in training
     * with a gradient. A model without memory pays ln 4 ≈ 1.386 nats for that letter. Measured (hidden 32, 1500
     * updates of 16 columns, median of three seeds): LSTM 0.02, GRU 0.03, SimpleRNN 1.42 nats: the gated cells learn to keep the letter in
     * a carried-over state, the SimpleRNN forgets it.
     */
    @Test
    void gatedCellsRememberBeyondTheTruncationWindow() throws Exception {
        int[] text = records(600, 1, 20, 7);
        CharVocabulary v = CharVocabulary.build(text);
        int[] test = v.encode(records(100, 12, 20, 99));
        double simple = medianClosingNll(CellType.RNN, v, text, test);
        double lstm = medianClosingNll(CellType.LSTM, v, text, test);
        double gru = medianClosingNll(CellType.GRU, v, text, test);
        double chance = Math.log(4);
        assertTrue(simple > 0.8 * chance, "SimpleRNN " + simple);
        assertTrue(lstm < 0.25 * chance, "LSTM " + lstm);
        assertTrue(gru < 0.25 * chance, "GRU " + gru);
        assertTrue(simple - Math.max(lstm, gru) > 0.8, "difference " + simple + " vs " + lstm + ", " + gru);
    }

    /**
     * The median over three initialisations (seeds 1, 2, 3) of {@link #closingNll}: one SimpleRNN in several learns
     * part of the task by chance (seed 3: 0.75 nats, against 1.41–1.45 for seeds 1, 2, 4, 5, 6), so one seed alone
     * does not say what the cell can do.
     */
    private static double medianClosingNll(CellType cell, CharVocabulary v, int[] text, int[] test) throws Exception {
        double[] nll = new double[3];
        for (int seed = 1; seed <= 3; seed++) {
            nll[seed - 1] = closingNll(train(cell, v, text, 8, 32, 8, 1500, seed), v, test);
        }
        java.util.Arrays.sort(nll);
        return nll[1];
    }

    /** Mean nll of the letters that follow a bar. */
    private static double closingNll(CharLanguageModel m, CharVocabulary v, int[] test) {
        double[] nll = new LmEvaluation(1, 256).perCharacterNll(m, new CharStream(test));
        int bar = v.id('|');
        double sum = 0;
        int n = 0;
        for (int i = 0; i < nll.length; i++) {
            if (test[i] == bar) {
                sum += nll[i];
                n++;
            }
        }
        assertEquals(100, n);
        return sum / n;
    }
}
