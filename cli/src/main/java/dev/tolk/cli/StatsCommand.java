package dev.tolk.cli;

import dev.tolk.tokenizer.TermStat;
import dev.tolk.tokenizer.TermStatTable;
import dev.tolk.tokenizer.TermStatistics;
import dev.tolk.tokenizer.TextPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk stats}: TF, DF, Zipf rank and entropy of the terms of a corpus (one document per line or field). */
@Command(
        name = "stats",
        description = {
            "Term statistics: TF, DF, Zipf rank and entropy over documents.",
            "TF = occurrences, DF = documents containing the term, entropy (bits) of the term's distribution over",
            "documents. One document = one line, or one CSV/TSV field."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class StatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TokInputOptions input = new TokInputOptions();

    @Mixin
    TokPipelineOptions options = new TokPipelineOptions();

    @Option(
            names = "--top",
            paramLabel = "N",
            description = "Show the N most frequent terms; 0 for all (default: ${DEFAULT-VALUE}).")
    int top = 20;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /** Reads the input through the pipeline into statistics. */
    static TermStatistics collect(TokInputOptions input, TextPipeline pipeline, PrintWriter err) throws IOException {
        TermStatistics stats = new TermStatistics();
        input.forEach(err, doc -> stats.addDocument(pipeline.terms(doc.text())));
        return stats;
    }

    @Override
    public Integer call() throws IOException {
        if (top < 0) {
            throw new UsageException("--top must be >= 0 (0 shows all terms), got " + top);
        }
        TextPipeline pipeline = options.pipeline();
        TermStatistics stats = collect(input, pipeline, spec.commandLine().getErr());
        List<TermStat> terms = top == 0 ? stats.ranked() : stats.top(top);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("input", input.source());
            m.put("documents", stats.documents());
            m.put("tokens", stats.tokens());
            m.put("types", stats.distinctTerms());
            m.put("pipeline", pipeline.spec().tokenizer());
            List<Map<String, Object>> list = new ArrayList<>();
            for (TermStat s : terms) {
                list.add(s.fields());
            }
            m.put("terms", list);
            out.println(Json.pretty(m));
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s: %d documents, %d tokens, %d distinct terms%n",
                    input.source(),
                    stats.documents(),
                    stats.tokens(),
                    stats.distinctTerms());
            out.print(TermStatTable.format(terms));
        }
        out.flush();
        return Tolk.EXIT_OK;
    }
}
