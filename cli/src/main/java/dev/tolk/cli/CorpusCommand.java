package dev.tolk.cli;

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
public final class CorpusCommand extends CommandGroup {}
