package dev.tolk.cli;

import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Token;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--pieces", description = "Print model symbols (reversible; see 'tolk vocab') instead of tokens.")
    boolean pieces;

    @Option(
            names = "--json",
            description =
                    "JSON Lines: {\"line\":N,\"tokens\":[{\"text\":..,\"start\":..,\"end\":..}]} (or \"pieces\").")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TextPipeline pipeline = options.pipeline();
        PrintWriter out = spec.commandLine().getOut();
        input.forEach(doc -> {
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", doc.line());
                if (pieces) {
                    m.put("pieces", pipeline.pieces(doc.text()));
                } else {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (Token t : pipeline.tokenize(doc.text())) {
                        Map<String, Object> tm = new LinkedHashMap<>();
                        tm.put("text", t.text());
                        tm.put("start", t.start());
                        tm.put("end", t.end());
                        list.add(tm);
                    }
                    m.put("tokens", list);
                }
                out.println(TokJson.line(m));
            } else {
                out.println(String.join(" ", pieces ? pipeline.pieces(doc.text()) : pipeline.terms(doc.text())));
            }
        });
        out.flush();
        return Tolk.EXIT_OK;
    }
}
