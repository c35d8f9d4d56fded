package dev.tolk.seq2seq.translate;

import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.config.OverlongPolicy;

/**
 * How a {@link Translator} decodes. Immutable; {@link #of(DecodeConfig)} takes the model's {@code decode.*}
 * settings, the {@code with...} methods override one each.
 *
 * @param beamSize 1 = greedy search, else beam search with this width
 * @param nbest hypotheses per input, in [1, beamSize]
 * @param lengthPenalty GNMT α ≥ 0
 * @param maxLengthRatio output limit as a multiple of the input length (plus 10), &gt; 0
 * @param replaceUnk replace {@code <unk>} outputs by the most-attended source symbol
 * @param maxInputTokens longer inputs are chunked or truncated
 * @param overlong chunk or truncate
 * @param batchSize sentences decoded together, ≥ 1
 * @param attention return each translation's attention weights with its source and target symbols (inputs
 *     translated whole; chunked inputs get none)
 */
public record TranslateOptions(
        int beamSize,
        int nbest,
        double lengthPenalty,
        double maxLengthRatio,
        boolean replaceUnk,
        int maxInputTokens,
        OverlongPolicy overlong,
        int batchSize,
        boolean attention) {

    /** Validates the ranges, naming the option. */
    public TranslateOptions {
        if (beamSize < 1 || beamSize > 1000) {
            throw new IllegalArgumentException("beam size must be in [1, 1000], got " + beamSize);
        }
        if (nbest < 1 || nbest > beamSize) {
            throw new IllegalArgumentException("nbest must be in [1, beam size " + beamSize + "], got " + nbest);
        }
        if (!(lengthPenalty >= 0) || !(maxLengthRatio > 0)) {
            throw new IllegalArgumentException("length penalty must be >= 0 and max length ratio > 0, got "
                    + lengthPenalty + " and " + maxLengthRatio);
        }
        if (maxInputTokens < 1 || batchSize < 1 || overlong == null) {
            throw new IllegalArgumentException(
                    "max input tokens and batch size must be >= 1, got " + maxInputTokens + " and " + batchSize);
        }
    }

    /** The decode section's settings, batch size 32. */
    public static TranslateOptions of(DecodeConfig d) {
        return new TranslateOptions(
                d.beamSize(),
                d.nbest(),
                d.lengthPenalty(),
                d.maxLengthRatio(),
                d.replaceUnk(),
                d.maxInputTokens(),
                d.overlong(),
                32,
                false);
    }

    /** Greedy decoding with the decode section's other settings. */
    public TranslateOptions greedy() {
        return new TranslateOptions(
                1, 1, lengthPenalty, maxLengthRatio, replaceUnk, maxInputTokens, overlong, batchSize, attention);
    }

    public TranslateOptions withBeam(int beam, int nbestCount) {
        return new TranslateOptions(
                beam,
                nbestCount,
                lengthPenalty,
                maxLengthRatio,
                replaceUnk,
                maxInputTokens,
                overlong,
                batchSize,
                attention);
    }

    public TranslateOptions withBatchSize(int size) {
        return new TranslateOptions(
                beamSize, nbest, lengthPenalty, maxLengthRatio, replaceUnk, maxInputTokens, overlong, size, attention);
    }

    public TranslateOptions withAttention(boolean on) {
        return new TranslateOptions(
                beamSize, nbest, lengthPenalty, maxLengthRatio, replaceUnk, maxInputTokens, overlong, batchSize, on);
    }

    public TranslateOptions withReplaceUnk(boolean on) {
        return new TranslateOptions(
                beamSize, nbest, lengthPenalty, maxLengthRatio, on, maxInputTokens, overlong, batchSize, attention);
    }
}
