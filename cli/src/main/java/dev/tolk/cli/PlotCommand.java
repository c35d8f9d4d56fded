package dev.tolk.cli;

import dev.tolk.core.Gemm;
import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.Translation;
import dev.tolk.serve.plot.AttentionPlotter;
import dev.tolk.serve.plot.ChartFile;
import dev.tolk.serve.plot.CurvesChart;
import dev.tolk.serve.plot.TrainingHistory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tolk plot curves|attention}: pictures of training and of attention, as PNG or SVG. */
@Command(
        name = "plot",
        description = "Draw training curves or an attention heatmap to a PNG or SVG file.",
        mixinStandardHelpOptions = true,
        subcommands = {PlotCommand.Curves.class, PlotCommand.Attention.class})
public final class PlotCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing plot: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }

    /** The output file's format; a wrong extension is a usage error. */
    static void checkOutput(Path output) {
        try {
            ChartFile.formatOf(output);
        } catch (IllegalArgumentException e) {
            throw new UsageException("-o " + e.getMessage());
        }
    }

    /** {@code tolk plot curves}. */
    @Command(
            name = "curves",
            description = {
                "Training and validation loss, perplexity, BLEU and learning rate against updates,",
                "from a training run's steps.jsonl and validation.jsonl."
            },
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class Curves implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--model-dir",
                required = true,
                paramLabel = "DIR",
                description = "The training run's directory.")
        Path modelDir;

        @Option(
                names = {"-o", "--output"},
                required = true,
                paramLabel = "FILE",
                description = "Output file: .png or .svg (replaced atomically).")
        Path output;

        @Option(
                names = "--width",
                paramLabel = "PX",
                defaultValue = "1000",
                description = "Width (default: ${DEFAULT-VALUE}).")
        int width;

        @Option(
                names = "--height",
                paramLabel = "PX",
                defaultValue = "1100",
                description = "Height (default: ${DEFAULT-VALUE}).")
        int height;

        @Override
        public Integer call() throws Exception {
            checkOutput(output);
            size(width, height);
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

    /** {@code tolk plot attention}. */
    @Command(
            name = "attention",
            description = "Translate one sentence and draw its attention heatmap (source words x target words).",
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class Attention implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--model",
                required = true,
                paramLabel = "M",
                description = "Model directory (holding model.tolk) or model file.")
        Path model;

        @Option(names = "--input", required = true, paramLabel = "TEXT", description = "The sentence to translate.")
        String input;

        @Option(
                names = {"-o", "--output"},
                required = true,
                paramLabel = "FILE",
                description = "Output file: .png or .svg (replaced atomically).")
        Path output;

        @Option(names = "--beam", paramLabel = "K", description = "Beam size (default: the model's decode.beam_size).")
        Integer beam;

        @Option(names = "--threads", paramLabel = "N", description = "Matrix-product threads (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            checkOutput(output);
            if (beam != null && (beam < 1 || beam > 1000)) {
                throw new UsageException("--beam must be in [1, 1000], got " + beam);
            }
            if (threads != null && (threads < 1 || threads > 1024)) {
                throw new UsageException("--threads must be in [1, 1024], got " + threads);
            }
            if (input.isBlank()) {
                throw new UsageException("--input is empty: give a sentence to translate");
            }
            Seq2SeqTranslator translator = Seq2SeqTranslator.load(model);
            Gemm.get()
                    .setThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
            Translation t = new AttentionPlotter(translator)
                    .plot(input, beam != null ? beam : translator.model().defaultBeam(), output);
            spec.commandLine().getOut().println("wrote " + output + ": " + input + " -> " + t.text());
            return Tolk.EXIT_OK;
        }
    }

    private static void size(int width, int height) {
        if (width < 100 || width > 10_000 || height < 100 || height > 10_000) {
            throw new UsageException("--width and --height must be in [100, 10000], got " + width + " and " + height);
        }
    }
}
