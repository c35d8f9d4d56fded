package dev.tolk.cli;

import dev.tolk.serve.plot.ChartFile;
import dev.tolk.serve.plot.CurvesChart;
import dev.tolk.serve.plot.TrainingHistory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tolk plot curves}: a training run's curves ({@link CurvesChart}). */
@Command(
        name = "curves",
        description = {
            "Training and validation loss, perplexity, BLEU and learning rate against updates,",
            "from a training run's steps.jsonl and validation.jsonl."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class PlotCurvesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "The training run's directory.")
    Path modelDir;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE",
            description = "Output file: .png or .svg (replaced atomically).")
    Path output;

    @Option(names = "--width", paramLabel = "PX", description = "Width (default: ${DEFAULT-VALUE}).")
    int width = 1000;

    @Option(names = "--height", paramLabel = "PX", description = "Height (default: ${DEFAULT-VALUE}).")
    int height = 1100;

    @Override
    public Integer call() throws Exception {
        PlotCommand.checkOutput(output);
        if (width < 100 || width > 10_000 || height < 100 || height > 10_000) {
            throw new UsageException("--width and --height must be in [100, 10000], got " + width + " and " + height);
        }
        TrainingHistory history = TrainingHistory.read(modelDir);
        Path dir = modelDir.toAbsolutePath().normalize();
        String title = "Training curves: " + (dir.getFileName() == null ? dir : dir.getFileName());
        ChartFile.write(CurvesChart.of(history, title), output, width, height);
        spec.commandLine()
                .getOut()
                .println("wrote " + output + ": " + history.steps().size() + " updates, "
                        + history.validations().size() + " validations");
        return Tolk.EXIT_OK;
    }
}
