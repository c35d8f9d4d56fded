package dev.tolk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.lm.LmEvaluation;
import dev.tolk.seq2seq.lm.LmModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk lm ppl}: prints {@link LmEvaluation#score}. */
@Command(
        name = "ppl",
        description = {
            "Perplexity and bits per character of a UTF-8 text under a model.",
            "All n-1 characters after the first are predicted; the text is scored in --batch columns, each",
            "starting from a zero state. Characters not in the model's vocabulary are read and predicted as <unk>",
            "(a symbol the model never saw in training, so they are costly) and counted in 'unknown'."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class LmPplCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "A model file or model directory.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "TEXT", description = "The text to score (UTF-8).")
    Path input;

    @Option(
            names = "--batch",
            paramLabel = "B",
            description = "Columns scored in parallel (default: ${DEFAULT-VALUE}).")
    int batch = LmEvaluation.DEFAULT.batch();

    @Mixin
    ThreadsOption threads;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        UsageException.atLeast("--batch", batch, 1);
        threads.apply();
        LmModelFile file = LmModelFile.read(model);
        LmEvaluation.TextScore score = new LmEvaluation(batch, LmEvaluation.DEFAULT.segment()).score(file, input);
        Perplexity p = score.perplexity();
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectNode j = Json.object();
            j.put("ppl", p.value());
            j.put("bpc", p.bitsPerToken());
            j.put("nll", p.nll());
            j.put("predictions", p.tokens());
            j.put("characters", score.characters());
            j.put("unknown", score.unknown());
            j.put("batch", batch);
            o.println(Json.line(j));
        } else {
            o.printf(
                    Locale.ROOT,
                    "ppl %.4f, %.4f bits/char over %d predicted characters (%d unknown)%n",
                    p.value(),
                    p.bitsPerToken(),
                    p.tokens(),
                    score.unknown());
        }
        o.flush();
        return Tolk.EXIT_OK;
    }
}
