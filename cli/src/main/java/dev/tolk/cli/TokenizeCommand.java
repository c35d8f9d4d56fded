package dev.tolk.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk tokenize}: one output line per input document, tokens separated by a space (or, with
 * {@code --pieces}, the model symbols, which never contain a space); {@code --json} writes JSON Lines with offsets.
 */
@Command(
        name = "tokenize",
        description = {
            "Tokenize text: one output line per input line or CSV/TSV field.",
            "Tokens are separated by one space; --pieces prints the model symbols (▁ marks a space) instead."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class TokenizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TokInputOptions input = new TokInputOptions();

    @Mixin
    TokPipelineOptions options = new TokPipelineOptions();

    @Mixin
    CommandOutput output;

    @Option(names = "--pieces", description = "Print model symbols (reversible; see 'tolk vocab') instead of tokens.")
    boolean pieces;

    @Option(
            names = "--json",
            description =
                    "JSON Lines: {\"line\":N,\"tokens\":[{\"text\":..,\"start\":..,\"end\":..}]} (or \"pieces\").")
    boolean json;

    @Override
    public Integer call() throws IOException {
        TextPipeline pipeline = options.pipeline();
        try (CommandOutput.Opened opened = output.open(spec)) {
            PrintWriter out = opened.out();
            input.forEach(spec.commandLine().getErr(), doc -> {
                if (!json) {
                    out.println(String.join(" ", pieces ? pipeline.pieces(doc.text()) : pipeline.terms(doc.text())));
                    return;
                }
                ObjectNode m = Json.object().put("line", doc.line());
                if (pieces) {
                    pipeline.pieces(doc.text()).forEach(m.putArray("pieces")::add);
                } else {
                    ArrayNode tokens = m.putArray("tokens");
                    for (Token t : pipeline.tokenize(doc.text())) {
                        tokens.addObject()
                                .put("text", t.text())
                                .put("start", t.start())
                                .put("end", t.end());
                    }
                }
                out.println(Json.line(m));
            });
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }
}
