package dev.tolk.cli;

import dev.tolk.bench.TokenizerBenchmark;
import dev.tolk.data.TextRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench tokenizer}: word-tokenisation throughput and term-statistics time over a corpus
 * ({@link TokenizerBenchmark}). Without {@code --column} a CSV/TSV file is read as plain text lines (all columns
 * tokenised); reading the file (strict UTF-8 decoding, CSV parsing) is timed once, separately.
 */
@Command(
        name = "tokenizer",
        description = "Word tokenisation throughput (MB/s) and term-statistics time on a text/CSV file.",
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class BenchTokenizerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TokInputOptions input = new TokInputOptions();

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int iterations = 5;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        UsageException.atLeast("--warmup", warmup, 0);
        UsageException.atLeast("--iterations", iterations, 1);
        if (input.column == null && input.format == TokInputOptions.Format.auto) {
            input.format = TokInputOptions.Format.text;
        }
        long t0 = System.nanoTime();
        List<String> texts = input.readAll(spec.commandLine().getErr()).stream()
                .map(TextRecord::text)
                .toList();
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        BenchCommand.print(spec, TokenizerBenchmark.run(input.source(), texts, readSeconds, warmup, iterations), json);
        return Tolk.EXIT_OK;
    }
}
