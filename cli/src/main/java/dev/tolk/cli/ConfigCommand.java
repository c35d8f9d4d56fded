package dev.tolk.cli;

import dev.tolk.seq2seq.config.ConfigKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tolk config --defaults}: every configuration key with its default and meaning ({@link ConfigKeys}). */
@Command(
        name = "config",
        description = {
            "Print every configuration key with its default and meaning (--defaults), or the defaults as a YAML file",
            "to start from (--yaml)."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--defaults", description = "Every key: section.key = default  # meaning.")
    boolean defaults;

    @Option(names = "--yaml", description = "The defaults as a configuration file (YAML).")
    boolean yaml;

    @Option(names = "--json", description = "Every key as one JSON array of {key, default, meaning}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int chosen = (defaults ? 1 : 0) + (yaml ? 1 : 0) + (json ? 1 : 0);
        if (chosen != 1) {
            throw new UsageException("choose one of --defaults, --yaml or --json");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (yaml) {
            out.print(dev.tolk.seq2seq.config.Seq2SeqConfig.DEFAULTS.toYaml());
        } else if (json) {
            out.println(Json.line(ConfigKeys.toJson()));
        } else {
            ConfigKeys.describe().forEach(out::println);
        }
        out.flush();
        return Tolk.EXIT_OK;
    }
}
