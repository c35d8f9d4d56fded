package dev.tolk.cli;

import dev.tolk.serve.plot.ChartFile;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code tolk plot curves|attention}: pictures of training and of attention, as PNG or SVG. */
@Command(
        name = "plot",
        description = "Draw training curves or an attention heatmap to a PNG or SVG file.",
        mixinStandardHelpOptions = true,
        subcommands = {PlotCurvesCommand.class, PlotAttentionCommand.class})
public final class PlotCommand extends CommandGroup {
    /** The output file's format; a wrong extension is a usage error. */
    static void checkOutput(Path output) {
        try {
            ChartFile.formatOf(output);
        } catch (IllegalArgumentException e) {
            throw new UsageException("-o " + e.getMessage());
        }
    }
}
