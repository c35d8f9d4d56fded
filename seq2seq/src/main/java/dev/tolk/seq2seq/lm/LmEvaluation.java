package dev.tolk.seq2seq.lm;

import dev.tolk.eval.Perplexity;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Scores a text with a {@link CharLanguageModel}: the negative log-likelihood of every predicted character, its
 * perplexity {@code exp(Σ nll / N)} and bits per character {@code Σ nll / (N·ln 2)}, with N = n − 1 predictions for
 * a text of n characters (the first character is context only).
 *
 * <p>The text is cut into B columns ({@link StreamColumns}); each column starts from a zero state and carries its
 * state across segments of {@code segment} steps, and the tail continues column B − 1's state, so every character
 * after the first is scored exactly once. Results therefore depend on B (a column's first characters are predicted
 * with little context) but not on {@code segment}. Characters outside the vocabulary are {@code <unk>} inputs and
 * targets: the model's probability of {@code <unk>}, which it never saw in training, is what they cost, so unseen
 * characters raise the perplexity rather than being skipped.
 *
 * @param batch B, columns scored in parallel, ≥ 1
 * @param segment steps per forward call, ≥ 1
 */
public record LmEvaluation(int batch, int segment) {

    /** 32 columns, 128 steps per call. */
    public static final LmEvaluation DEFAULT = new LmEvaluation(32, 128);

    /** Validates the sizes. */
    public LmEvaluation {
        if (batch < 1 || segment < 1) {
            throw new IllegalArgumentException("batch and segment must be >= 1, got " + batch + " and " + segment);
        }
    }

    /**
     * @param model the model
     * @param stream the text (at least 2 characters)
     * @return {@code nll[i] = −ln p(c_{i+1} | c_{≤i})} in nats, for i in [0, n − 1), in stream order
     */
    public double[] perCharacterNll(CharLanguageModel model, CharStream stream) {
        StreamColumns cols = stream.columns(batch);
        int b = cols.batch();
        int l = cols.length();
        double[] out = new double[stream.predictions()];
        double[] buf = new double[Math.min(segment, l) * b];
        LmState state = model.newState(b);
        for (int from = 0; from < l; from += segment) {
            int steps = Math.min(segment, l - from);
            model.scoreSegment(cols.inputs(), cols.targets(), from, steps, state, buf);
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < b; c++) {
                    out[c * l + from + t] = buf[t * b + c];
                }
            }
        }
        int rest = cols.tailInputs().length;
        if (rest > 0) {
            LmState tail = state.column(b - 1);
            double[] tailNll = new double[rest];
            model.scoreSegment(cols.tailInputs(), cols.tailTargets(), 0, rest, tail, tailNll);
            System.arraycopy(tailNll, 0, out, b * l, rest);
        }
        return out;
    }

    /**
     * @param model the model
     * @param stream the text (at least 2 characters)
     * @return the perplexity over the n − 1 predicted characters ({@link Perplexity#bitsPerToken()} is bits per
     *     character)
     */
    public Perplexity perplexity(CharLanguageModel model, CharStream stream) {
        double sum = 0;
        for (double v : perCharacterNll(model, stream)) {
            sum += v;
        }
        return Perplexity.of(sum, stream.predictions());
    }

    /**
     * A text file scored by {@link #score}.
     *
     * @param perplexity over the predicted characters
     * @param characters the text's characters (code points)
     * @param unknown characters (of all, the first included) not in the model's vocabulary, read as {@code <unk>}
     */
    public record TextScore(Perplexity perplexity, int characters, long unknown) {}

    /**
     * Reads a UTF-8 text file (strictly: invalid bytes are an error at {@code file:line:column}), encodes it with
     * the model's vocabulary and scores it.
     *
     * @throws IllegalArgumentException when the text has fewer than 2 characters (nothing to predict)
     * @throws IOException when the file cannot be read or is not UTF-8
     */
    public TextScore score(LmModelFile model, Path text) throws IOException {
        int[] codePoints = Utf8Text.readCodePoints(text);
        if (codePoints.length < 2) {
            throw new IllegalArgumentException(text + ": "
                    + (codePoints.length == 0 ? "the text is empty" : "a single character holds no prediction")
                    + "; give at least 2 characters");
        }
        int[] ids = model.vocabulary().encode(codePoints);
        Perplexity p = perplexity(model.toModel(), new CharStream(ids));
        return new TextScore(p, codePoints.length, CharVocabulary.countUnknown(ids));
    }
}
