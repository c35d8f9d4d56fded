package dev.tolk.seq2seq.lm;

import java.util.SplittableRandom;

/**
 * Generates text from a {@link CharLanguageModel}: the prime is read character by character, then each next
 * character is drawn from {@code p_k ∝ exp(z_k / τ)} (τ the temperature; τ = 0 takes the arg-max) and fed back in.
 * The four special ids are never drawn. The same model, prime, length, temperature and seed give the same text.
 *
 * <p>With an empty prime the first character is drawn from the training text's character frequencies
 * ({@link LmModelFile#unigramCounts()}), since the model was never trained to predict a text's first character.
 * A prime character outside the vocabulary is read as {@code <unk>}.
 *
 * @param temperature τ ≥ 0
 * @param seed seed of the draws
 */
public record Sampler(double temperature, long seed) {

    /** Validates the temperature. */
    public Sampler {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
    }

    /**
     * @param model the model
     * @param vocabulary its vocabulary
     * @param unigramCounts training counts per id (length V), for an empty prime
     * @param prime the text to continue, possibly empty
     * @param length characters (code points) to generate, ≥ 0
     * @return the generated characters only (without the prime)
     */
    public String sample(
            CharLanguageModel model, CharVocabulary vocabulary, long[] unigramCounts, String prime, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        int v = vocabulary.size();
        if (model.config().vocabularySize() != v || unigramCounts.length != v) {
            throw new IllegalArgumentException("the model has " + model.config().vocabularySize()
                    + " ids but the vocabulary " + v + " and the counts " + unigramCounts.length);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder(length);
        if (length == 0) {
            return "";
        }
        LmState state = model.newState(1);
        float[] logits = new float[v];
        double[] probs = new double[v];
        int[] primeIds = vocabulary.encode(prime.codePoints().toArray());
        int current;
        int generated = 0;
        if (primeIds.length == 0) {
            for (int k = 0; k < v; k++) {
                probs[k] = CharVocabulary.isSpecial(k) ? 0 : unigramCounts[k];
            }
            current = draw(probs, rng);
            out.appendCodePoint(vocabulary.codePoint(current));
            generated++;
        } else {
            for (int i = 0; i < primeIds.length - 1; i++) {
                model.step(primeIds[i], state, logits);
            }
            current = primeIds[primeIds.length - 1];
        }
        for (; generated < length; generated++) {
            model.step(current, state, logits);
            current = temperature == 0 ? argmax(logits) : draw(softmax(logits, temperature, probs), rng);
            out.appendCodePoint(vocabulary.codePoint(current));
        }
        return out.toString();
    }

    private static int argmax(float[] z) {
        int best = -1;
        for (int k = 0; k < z.length; k++) {
            if (!CharVocabulary.isSpecial(k) && (best < 0 || z[k] > z[best])) {
                best = k;
            }
        }
        return best;
    }

    private static double[] softmax(float[] z, double temperature, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < z.length; k++) {
            if (!CharVocabulary.isSpecial(k)) {
                max = Math.max(max, z[k] / temperature);
            }
        }
        for (int k = 0; k < z.length; k++) {
            p[k] = CharVocabulary.isSpecial(k) ? 0 : Math.exp(z[k] / temperature - max);
        }
        return p;
    }

    /** Draws k with probability {@code weights[k] / Σ weights} (inverse CDF, one uniform draw). */
    private static int draw(double[] weights, SplittableRandom rng) {
        double total = 0;
        int last = -1;
        for (int k = 0; k < weights.length; k++) {
            total += weights[k];
            if (weights[k] > 0) {
                last = k;
            }
        }
        if (last < 0) {
            throw new IllegalStateException("no character has a positive probability");
        }
        double u = rng.nextDouble() * total;
        double acc = 0;
        for (int k = 0; k < weights.length; k++) {
            acc += weights[k];
            if (u < acc && weights[k] > 0) {
                return k;
            }
        }
        return last;
    }
}
