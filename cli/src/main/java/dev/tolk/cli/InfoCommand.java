package dev.tolk.cli;

import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.ModelSummary;
import dev.tolk.seq2seq.store.ParentModel;
import dev.tolk.seq2seq.store.Provenance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tolk info MODEL}: prints a model's (or checkpoint's) {@link ModelSummary}: provenance, vocabularies,
 * parameters and configuration.
 */
@Command(
        name = "info",
        description = {
            "Print a model's or checkpoint's provenance (corpus SHA-256, seed, versions, metrics, parent models),",
            "vocabularies, parameters and configuration."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A model file or directory, or a checkpoint.")
    Path model;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelSummary summary = ModelSummary.read(model);
        ModelFile m = summary.model();
        Provenance p = m.provenance();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(summary.toJson()));
        } else {
            out.printf(Locale.ROOT, "model:        %s%n", summary.file());
            out.printf(Locale.ROOT, "parameters:   %,d in %d tensors%n", summary.parameters(), summary.tensors());
            out.printf(
                    Locale.ROOT,
                    "vocabularies: source %,d, target %,d%s; tokenizer %s%n",
                    summary.sourceVocabularySize(),
                    summary.targetVocabularySize(),
                    summary.sharedVocabulary() ? " (shared)" : "",
                    m.config().data().tokenizer().name().toLowerCase(Locale.ROOT));
            out.printf(Locale.ROOT, "corpus:       sha256 %s%n", p.corpusSha256() == null ? "?" : p.corpusSha256());
            out.printf(Locale.ROOT, "seed:         %d%n", p.seed());
            out.printf(Locale.ROOT, "tolk:         %s, written %s%n", p.tolkVersion(), p.created());
            StringBuilder metrics = new StringBuilder();
            p.metrics()
                    .forEach((k, val) -> metrics.append(metrics.length() == 0 ? "" : ", ")
                            .append(k)
                            .append(' ')
                            .append(
                                    k.equals("step")
                                            ? String.valueOf(val.longValue())
                                            : String.format(Locale.ROOT, "%.4g", val)));
            out.printf(Locale.ROOT, "metrics:      %s%n", metrics.length() == 0 ? "none" : metrics);
            for (ParentModel parent : p.parents()) {
                out.printf(
                        Locale.ROOT,
                        "parent:       %s %s (sha256 %s, step %d)%n",
                        parent.relation().replace('_', ' '),
                        parent.file(),
                        parent.sha256(),
                        parent.step());
            }
            out.println("config:");
            for (String line : m.config().toYaml().split("\n")) {
                out.println("  " + line);
            }
        }
        out.flush();
        return Tolk.EXIT_OK;
    }
}
