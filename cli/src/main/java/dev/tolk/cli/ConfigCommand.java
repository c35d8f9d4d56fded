package dev.tolk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.config.ConfigKeys;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tolk config --defaults}: every configuration key with its default and meaning. */
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
        } else {
            List<ConfigKeys.Key> keys = ConfigKeys.all();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode a = mapper.createArrayNode();
                for (ConfigKeys.Key k : keys) {
                    ObjectNode o = a.addObject();
                    o.put("key", k.key());
                    o.set("default", k.defaultValue());
                    o.put("meaning", k.meaning());
                }
                out.println(mapper.writeValueAsString(a));
            } else {
                int width = keys.stream()
                        .mapToInt(k ->
                                k.key().length() + 3 + k.defaultValue().asText().length())
                        .max()
                        .orElse(0);
                for (ConfigKeys.Key k : keys) {
                    String head = k.key() + " = "
                            + (k.defaultValue().isNull() ? "" : k.defaultValue().asText());
                    out.println(head + " ".repeat(Math.max(1, width - head.length() + 2)) + "# " + k.meaning());
                }
            }
        }
        out.flush();
        return Tolk.EXIT_OK;
    }
}
