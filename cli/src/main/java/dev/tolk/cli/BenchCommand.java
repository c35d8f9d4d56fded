package dev.tolk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tolk bench}: the standard performance benchmarks of {@code ../shared/BENCHMARKS.md}, each printing
 * JSON with {@code --json}. Benchmarks measure in-process with warm-up and report medians; they are the way
 * speed is measured in this project (never timed unit tests).
 */
@Command(
        name = "bench",
        description = "Run a standard performance benchmark.",
        mixinStandardHelpOptions = true,
        subcommands = {
            // benchmarks are registered here as they are implemented
            BenchBleuCommand.class,
            BenchCellCommand.class,
            BenchGemmCommand.class,
            BenchSeq2seqCommand.class,
            BenchTokenizerCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing benchmark: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }
}
