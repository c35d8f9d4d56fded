package dev.tolk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
public final class BenchCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing benchmark: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }

    /** Prints a result: one JSON line with {@code json}, the text for people otherwise. */
    static void print(CommandLine.Model.CommandSpec spec, BenchmarkResult result, boolean json) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(JSON.writeValueAsString(result.fields()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the benchmark's JSON", e);
            }
        } else {
            out.print(result.text());
        }
        out.flush();
    }

    /** @throws UsageException unless {@code value >= min} */
    static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UsageException(option + " must be >= " + min + ", got " + value);
        }
    }
}
