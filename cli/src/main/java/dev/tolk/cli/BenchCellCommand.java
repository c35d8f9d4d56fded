package dev.tolk.cli;

import dev.tolk.bench.CellBenchmark;
import dev.tolk.core.CellType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench cell}: a recurrent layer's forward + backward time against its own products ({@link
 * CellBenchmark}).
 */
@Command(
        name = "cell",
        mixinStandardHelpOptions = true,
        description = "Forward+backward time of a recurrent layer (GRU, LSTM or RNN) vs. its own matrix products.")
public final class BenchCellCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ThreadsOption threads = new ThreadsOption(2);

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--cell", paramLabel = "CELL", description = "gru, lstm or rnn (default: ${DEFAULT-VALUE}).")
    String cell = "gru";

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--input", description = "Input size (default: ${DEFAULT-VALUE}).")
    int input = 256;

    @Option(names = "--hidden", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden = 512;

    @Option(names = "--steps", description = "Time steps (default: ${DEFAULT-VALUE}).")
    int steps = 14;

    @Option(names = "--warmup", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--iterations", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iterations = 15;

    @Override
    public void run() {
        int n = threads.resolve();
        CellType cellType;
        try {
            cellType = CellType.parse(cell);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage()); // "cell must be one of gru, lstm, rnn, got '…'"
        }
        UsageException.atLeast("--batch", batch, 1);
        UsageException.atLeast("--input", input, 1);
        UsageException.atLeast("--hidden", hidden, 1);
        UsageException.atLeast("--steps", steps, 1);
        UsageException.atLeast("--iterations", iterations, 1);
        UsageException.atLeast("--warmup", warmup, 0);
        BenchCommand.print(
                spec,
                CellBenchmark.run(
                        new CellBenchmark.Config(cellType, n, batch, input, hidden, steps, warmup, iterations)),
                json);
    }
}
