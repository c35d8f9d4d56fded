package dev.tolk.cli;

import dev.tolk.bench.BenchmarkResult;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tolk bench}: the standard performance benchmarks of {@code ../shared/BENCHMARKS.md} (module
 * {@code tolk-bench}), each printing JSON with {@code --json}. Benchmarks measure in-process with warm-up and report
 * medians; they are the way speed is measured in this project (never timed unit tests).
 */
@Command(
        name = "bench",
        description = "Run a standard performance benchmark.",
        mixinStandardHelpOptions = true,
        subcommands = {
            BenchBleuCommand.class,
            BenchCellCommand.class,
            BenchGemmCommand.class,
            BenchSeq2seqCommand.class,
            BenchServeCommand.class,
            BenchTokenizerCommand.class,
        })
public final class BenchCommand extends CommandGroup {

    /** Prints a result: one JSON line with {@code json}, the text for people otherwise. */
    static void print(CommandLine.Model.CommandSpec spec, BenchmarkResult result, boolean json) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(result.fields()));
        } else {
            out.print(result.text());
        }
        out.flush();
    }
}
