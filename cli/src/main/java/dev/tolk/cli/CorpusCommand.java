package dev.tolk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tolk corpus}: check a parallel CSV/TSV corpus the way training will read it, or write the bundled
 * synthetic corpus.
 */
@Command(
        name = "corpus",
        description = "Check a parallel CSV/TSV corpus, or generate the bundled synthetic corpus.",
        mixinStandardHelpOptions = true,
        subcommands = {CorpusCheckCommand.class, CorpusGenerateCommand.class})
public final class CorpusCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing command: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }
}
