package dev.tolk.cli;

import dev.tolk.core.CellType;
import dev.tolk.seq2seq.lm.LmConfig;
import dev.tolk.seq2seq.lm.LmTrainingConfig;
import java.util.function.IntFunction;
import picocli.CommandLine.Option;

/**
 * The architecture and training options of {@code tolk lm train}, checked with the option names and turned into
 * the language model's configuration records.
 */
final class LmTrainOptions {
    @Option(names = "--cell", paramLabel = "CELL", description = "rnn, lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell = "lstm";

    @Option(names = "--hidden", paramLabel = "N", description = "State size per layer (default: ${DEFAULT-VALUE}).")
    int hidden = 256;

    @Option(names = "--layers", paramLabel = "L", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
    int layers = 1;

    @Option(
            names = "--bptt",
            paramLabel = "K",
            description = "Time steps per update, the truncation window (default: ${DEFAULT-VALUE}).")
    int bptt = 64;

    @Option(names = "--embedding", paramLabel = "E", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int embedding = 64;

    @Option(names = "--one-hot", description = "One-hot input vectors instead of an embedding.")
    boolean oneHot;

    @Option(names = "--batch", paramLabel = "B", description = "Parallel stream columns (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 2e-3;

    @Option(names = "--clip", paramLabel = "NORM", description = "Maximum gradient norm (default: ${DEFAULT-VALUE}).")
    double clip = 5.0;

    @Option(names = "--steps", paramLabel = "N", description = "Stop after N updates (instead of --epochs).")
    Long steps;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the text (default: 1 unless --steps).")
    Integer epochs;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Also stop after S seconds of wall time.")
    double maxSeconds;

    @Option(
            names = "--valid-fraction",
            paramLabel = "F",
            description = "Share of the text's tail held out (default: ${DEFAULT-VALUE}).")
    double validFraction = 0.05;

    @Option(
            names = "--valid-every",
            paramLabel = "N",
            description = "Updates between validations and checkpoints (default: ${DEFAULT-VALUE}).")
    int validEvery = 500;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initialisation (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    /** The validated training settings. */
    LmTrainingConfig training(boolean embeddingGiven) {
        CellType cellType;
        try {
            cellType = CellType.parse(cell);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--cell must be one of rnn, lstm, gru, got '" + cell + "'");
        }
        UsageException.atLeast("--hidden", hidden, 1);
        UsageException.atLeast("--layers", layers, 1);
        UsageException.atLeast("--bptt", bptt, 1);
        UsageException.atLeast("--batch", batch, 1);
        UsageException.atLeast("--valid-every", validEvery, 1);
        if (oneHot && embeddingGiven) {
            throw new UsageException("--one-hot and --embedding cannot go together; choose one input kind");
        }
        if (!oneHot) {
            UsageException.atLeast("--embedding", embedding, 1);
        }
        UsageException.positive("--lr", lr);
        UsageException.positive("--clip", clip);
        if (steps != null && epochs != null) {
            throw new UsageException(
                    "--steps and --epochs cannot go together, got --steps " + steps + " --epochs " + epochs);
        }
        if (steps != null) {
            UsageException.atLeast("--steps", steps, 1);
        }
        if (epochs != null) {
            UsageException.atLeast("--epochs", epochs, 1);
        }
        if (!(validFraction >= 0 && validFraction <= 0.5)) {
            throw new UsageException("--valid-fraction must be in [0, 0.5], got " + validFraction);
        }
        if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
            throw new UsageException("--max-seconds must be a finite number >= 0, got " + maxSeconds);
        }
        return new LmTrainingConfig(
                bptt,
                batch,
                lr,
                clip,
                steps == null ? 0 : steps,
                steps == null ? (epochs == null ? 1 : epochs) : 0,
                validFraction,
                validEvery,
                maxSeconds,
                seed);
    }

    /** The model configuration for a vocabulary of the given size (known once the text is read). */
    IntFunction<LmConfig> model() {
        CellType cellType = CellType.parse(cell);
        int embeddingSize = oneHot ? 0 : embedding;
        return v -> new LmConfig(cellType, v, embeddingSize, hidden, layers);
    }

    /** The cell type's name, for the summary. */
    String cellName() {
        return CellType.parse(cell).configName();
    }
}
