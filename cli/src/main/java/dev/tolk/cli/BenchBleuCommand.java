package dev.tolk.cli;

import dev.tolk.bench.BleuBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tolk bench bleu}: corpus BLEU time on a synthetic corpus ({@link BleuBenchmark}). */
@Command(
        name = "bleu",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Time corpus BLEU (13a) of a synthetic N-line system against one reference.")
public final class BenchBleuCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--lines",
            paramLabel = "N",
            description = "Segments in the system and the reference (default 100000).")
    int lines = 100_000;

    @Option(names = "--runs", paramLabel = "R", description = "Timed runs; the median is reported (default 5).")
    int runs = 5;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up runs (default 2).")
    int warmup = 2;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the synthetic corpus (default 42).")
    long seed = 42;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (lines < 1 || lines > 10_000_000) {
            throw new UsageException("--lines must be in 1..10000000, got " + lines);
        }
        if (runs < 1 || runs > 1000) {
            throw new UsageException("--runs must be in 1..1000, got " + runs);
        }
        if (warmup < 0 || warmup > 1000) {
            throw new UsageException("--warmup must be in 0..1000, got " + warmup);
        }
        BenchCommand.print(spec, BleuBenchmark.run(new BleuBenchmark.Config(lines, runs, warmup, seed)), json);
        return Tolk.EXIT_OK;
    }
}
