package dev.tolk.seq2seq.config;

/**
 * Translation settings: section {@code decode}, the one home of every decoding setting (a model stores its own;
 * {@code tolk translate} options override them through the {@code with...} methods). Defaults are those of
 * {@link #DEFAULTS}.
 *
 * @param beamSize {@code decode.beam_size}: beam width, 1 = greedy, [1, 1000]; default 5
 * @param lengthPenalty {@code decode.length_penalty}: GNMT length-penalty exponent alpha (scores divided by
 *     ((5 + |y|) / 6)^alpha), 0 = raw log-probability, [0, 5]; default 0.6
 * @param maxLengthRatio {@code decode.max_length_ratio}: output length limit as a multiple of the input length
 *     (plus a constant of 10 tokens in the decoder), (0, 100]; default 2.0
 * @param nbest {@code decode.nbest}: hypotheses returned per input, [1, beam_size]; default 1
 * @param replaceUnk {@code decode.replace_unk}: replace {@code <unk>} by the source token with the highest
 *     attention; default {@code false}
 * @param maxInputTokens {@code decode.max_input_tokens}: longer inputs are chunked or truncated, [1, 100000];
 *     default 250
 * @param overlong {@code decode.overlong}: {@code chunk} (default: translate in pieces and join) or
 *     {@code truncate}
 */
public record DecodeConfig(
        int beamSize,
        double lengthPenalty,
        double maxLengthRatio,
        int nbest,
        boolean replaceUnk,
        int maxInputTokens,
        OverlongPolicy overlong) {

    /** The defaults of every {@code decode.*} key: the one place they are defined. */
    public static final DecodeConfig DEFAULTS = new DecodeConfig(5, 0.6, 2.0, 1, false, 250, OverlongPolicy.CHUNK);

    /** Validates every value; see the parameter docs for the ranges. */
    public DecodeConfig {
        Bounds.intIn("decode.beam_size", beamSize, 1, 1000);
        Bounds.closed("decode.length_penalty", lengthPenalty, 0, 5);
        Bounds.openClosed("decode.max_length_ratio", maxLengthRatio, 0, 100);
        Bounds.intIn("decode.nbest", nbest, 1, beamSize);
        Bounds.intIn("decode.max_input_tokens", maxInputTokens, 1, 100_000);
        Bounds.notNull("decode.overlong", overlong);
    }

    /** These settings with beam width {@code beam} and {@code nbest} hypotheses (validated as the keys are). */
    public DecodeConfig withBeam(int beam, int nbest) {
        return new DecodeConfig(beam, lengthPenalty, maxLengthRatio, nbest, replaceUnk, maxInputTokens, overlong);
    }

    /** These settings with greedy search (beam 1, one hypothesis). */
    public DecodeConfig greedy() {
        return withBeam(1, 1);
    }

    /** These settings with GNMT length-penalty exponent {@code alpha} (validated as the key is). */
    public DecodeConfig withLengthPenalty(double alpha) {
        return new DecodeConfig(beamSize, alpha, maxLengthRatio, nbest, replaceUnk, maxInputTokens, overlong);
    }

    /** These settings with {@code <unk>} replacement on or off. */
    public DecodeConfig withReplaceUnk(boolean on) {
        return new DecodeConfig(beamSize, lengthPenalty, maxLengthRatio, nbest, on, maxInputTokens, overlong);
    }
}
