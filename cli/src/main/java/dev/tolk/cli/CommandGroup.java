package dev.tolk.cli;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code tolk}, {@code tolk eval}, ...): run alone, it is a usage error. */
@CommandLine.Command
abstract class CommandGroup implements Runnable {
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
