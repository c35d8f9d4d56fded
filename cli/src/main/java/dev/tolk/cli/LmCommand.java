package dev.tolk.cli;

import picocli.CommandLine.Command;

/**
 * {@code tolk lm train|sample|ppl}: the character-level language model ({@link
 * dev.tolk.seq2seq.lm.CharLanguageModel}) with a SimpleRNN, LSTM or GRU cell, trained by truncated BPTT over a
 * text read as one stream.
 */
@Command(
        name = "lm",
        description = "Character-level language model: train, sample, perplexity.",
        mixinStandardHelpOptions = true,
        subcommands = {LmTrainCommand.class, LmSampleCommand.class, LmPplCommand.class})
public final class LmCommand extends CommandGroup {}
