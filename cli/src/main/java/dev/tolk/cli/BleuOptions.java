package dev.tolk.cli;

import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.Smoothing;
import dev.tolk.eval.Tokenization;
import picocli.CommandLine.Option;

/** The BLEU options shared by {@code eval bleu} and {@code eval bootstrap}. */
final class BleuOptions {
    @Option(names = "--tokenize", paramLabel = "TOK", description = "13a (default), intl, char or none.")
    String tokenize = "13a";

    @Option(names = "--lowercase", description = "Lowercase hypotheses and references (case-insensitive BLEU).")
    boolean lowercase;

    @Option(names = "--smooth", paramLabel = "METHOD", description = "exp (default), floor, add-k or none.")
    String smooth = "exp";

    @Option(names = "--smooth-value", paramLabel = "V", description = "Value for floor (default 0.1) or add-k (1).")
    Double smoothValue;

    BleuConfig config(boolean sentence) {
        Tokenization tok;
        try {
            tok = Tokenization.fromId(tokenize);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tokenize must be one of " + Tokenization.ids() + ", got '" + tokenize + "'");
        }
        Smoothing sm;
        try {
            sm = Smoothing.fromId(smooth);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--smooth must be one of " + Smoothing.ids() + ", got '" + smooth + "'");
        }
        BleuConfig.Builder b =
                BleuConfig.builder().tokenize(tok).lowercase(lowercase).effectiveOrder(sentence);
        if (smoothValue == null) {
            b.smoothing(sm);
        } else if (!sm.takesValue()) {
            throw new UsageException("--smooth-value applies only to --smooth floor or add-k, not " + sm.id()
                    + " (got --smooth-value " + smoothValue + ")");
        } else if (!(smoothValue >= 0) || smoothValue.isInfinite()) {
            throw new UsageException("--smooth-value must be a finite number >= 0, got " + smoothValue);
        } else {
            b.smoothing(sm, smoothValue);
        }
        return b.build();
    }
}
