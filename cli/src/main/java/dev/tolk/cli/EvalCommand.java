package dev.tolk.cli;

import picocli.CommandLine.Command;

/**
 * {@code tolk eval}: BLEU (identical to sacreBLEU 2.6.0), chrF/chrF++, paired bootstrap resampling and perplexity.
 * Files are read as sacreBLEU reads them ({@link dev.tolk.eval.AlignedStreams}); {@code -} reads standard input.
 */
@Command(
        name = "eval",
        description = "Score translations: BLEU, chrF, bootstrap significance, perplexity.",
        mixinStandardHelpOptions = true,
        subcommands = {EvalBleuCommand.class, EvalChrfCommand.class, EvalBootstrapCommand.class, EvalPplCommand.class})
public final class EvalCommand extends CommandGroup {}
