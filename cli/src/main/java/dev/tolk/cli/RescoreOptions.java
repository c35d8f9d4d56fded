package dev.tolk.cli;

import dev.tolk.seq2seq.translate.NbestReranker;
import picocli.CommandLine.Option;

/** The inputs and weights of {@code tolk rescore}. */
final class RescoreOptions {
    @Option(
            names = "--source",
            required = true,
            paramLabel = "FILE",
            description = "The source sentences, one per line (sentence i of the list is line i + 1); - for stdin.")
    String source;

    @Option(
            names = "--nbest",
            required = true,
            paramLabel = "FILE",
            description = "The n-best list: lines 'i ||| text ||| score' or 'i ||| text ||| features ||| score'.")
    String nbest;

    @Option(
            names = "--weight",
            paramLabel = "W",
            description = "Weight of the rescoring model's score (default: ${DEFAULT-VALUE}; 0 keeps the list's"
                    + " ranking).")
    double weight = 1.0;

    @Option(
            names = "--list-weight",
            paramLabel = "W",
            description = "Weight of the list's own score (default: ${DEFAULT-VALUE}).")
    double listWeight = 1.0;

    @Option(
            names = "--length-penalty",
            paramLabel = "A",
            description = "GNMT alpha normalising the model's log-probabilities (default: the model's"
                    + " decode.length_penalty, as translate normalises the list's scores).")
    Double lengthPenalty;

    @Option(
            names = "--format",
            paramLabel = "FMT",
            description = "text (the best translation per source line, default) or nbest (the reranked list).")
    RescoreCommand.Format format = RescoreCommand.Format.text;

    /** @throws UsageException naming the option when a value is out of range */
    void validate() {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new UsageException("--weight must be a finite number >= 0, got " + weight);
        }
        if (!(listWeight >= 0) || Double.isInfinite(listWeight)) {
            throw new UsageException("--list-weight must be a finite number >= 0, got " + listWeight);
        }
        if (lengthPenalty != null && !(lengthPenalty >= 0 && lengthPenalty <= 5)) {
            throw new UsageException("--length-penalty must be in [0, 5], got " + lengthPenalty);
        }
        if ("-".equals(source) && "-".equals(nbest)) {
            throw new UsageException("--source and --nbest cannot both be standard input (-)");
        }
    }

    NbestReranker reranker() {
        return new NbestReranker(listWeight, weight);
    }
}
