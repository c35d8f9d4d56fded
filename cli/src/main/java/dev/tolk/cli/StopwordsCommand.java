package dev.tolk.cli;

import dev.tolk.tokenizer.Stopword;
import dev.tolk.tokenizer.StopwordCriteria;
import dev.tolk.tokenizer.StopwordSelector;
import dev.tolk.tokenizer.TermStatTable;
import dev.tolk.tokenizer.TermStatistics;
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

/** {@code tolk stopwords}: select stopwords by DF, frequency rank or entropy, with the reasons. */
@Command(
        name = "stopwords",
        description = {
            "Select stopwords by document frequency, frequency rank or entropy.",
            "Criteria combine: a term meeting any is selected, and the output says which. Stopwords are never",
            "removed in translation; this is for analysis and retrieval-style uses."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class StopwordsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TokInputOptions input = new TokInputOptions();

    @Mixin
    TokPipelineOptions options = new TokPipelineOptions();

    @Option(
            names = "--max-df",
            paramLabel = "RATIO",
            description = "Select terms in more than RATIO of the documents; RATIO in (0, 1].")
    Double maxDf;

    @Option(names = "--max-df-count", paramLabel = "N", description = "Select terms in more than N documents.")
    Long maxDfCount;

    @Option(names = "--min-df", paramLabel = "N", description = "Select terms in fewer than N documents.")
    Long minDf;

    @Option(names = "--top-k", paramLabel = "K", description = "Select the K most frequent terms.")
    Integer topK;

    @Option(
            names = "--max-entropy",
            paramLabel = "BITS",
            description = "Select terms whose entropy over documents exceeds BITS (evenly spread terms).")
    Double maxEntropy;

    @Mixin
    CommandOutput output;

    @Option(names = "--list", description = "Print only the terms, one per line (a stopword list file).")
    boolean list;

    @Option(names = "--json", description = "Print JSON with each term's TF, DF, rank, entropy and reasons.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        StopwordCriteria criteria =
                ErrorMessages.validated(() -> new StopwordCriteria(maxDf, maxDfCount, minDf, topK, maxEntropy));
        if (list && json) {
            throw new UsageException("--list and --json cannot be combined; choose one output");
        }
        TermStatistics stats = StatsCommand.collect(
                input, options.pipeline(), spec.commandLine().getErr());
        List<Stopword> selected = new StopwordSelector(criteria).select(stats);
        try (CommandOutput.Opened opened = output.open(spec)) {
            print(opened.out(), stats, selected, criteria);
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }

    private void print(PrintWriter out, TermStatistics stats, List<Stopword> selected, StopwordCriteria criteria) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("input", input.source());
            m.put("documents", stats.documents());
            m.put("criteria", criteria);
            List<Map<String, Object>> terms = new ArrayList<>();
            for (Stopword s : selected) {
                Map<String, Object> t = s.stat().fields();
                t.put("reasons", s.reasonNames());
                terms.add(t);
            }
            m.put("stopwords", terms);
            out.println(Json.pretty(m));
        } else if (list) {
            for (Stopword s : selected) {
                out.println(s.term());
            }
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s: %d stopwords from %d documents, %d distinct terms%n",
                    input.source(),
                    selected.size(),
                    stats.documents(),
                    stats.distinctTerms());
            out.print(TermStatTable.formatStopwords(selected));
        }
    }
}
