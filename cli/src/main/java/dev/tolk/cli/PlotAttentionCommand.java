package dev.tolk.cli;

import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.Translation;
import dev.tolk.serve.plot.AttentionPlotter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk plot attention}: one sentence's attention heatmap ({@link AttentionPlotter}). */
@Command(
        name = "attention",
        description = "Translate one sentence and draw its attention heatmap (source words x target words).",
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class PlotAttentionCommand implements Callable<Integer> {
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

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        PlotCommand.checkOutput(output);
        if (beam != null && (beam < 1 || beam > 1000)) {
            throw new UsageException("--beam must be in [1, 1000], got " + beam);
        }
        threads.value();
        if (input.isBlank()) {
            throw new UsageException("--input is empty: give a sentence to translate");
        }
        Seq2SeqTranslator translator = Seq2SeqTranslator.load(model);
        threads.apply();
        Translation t = new AttentionPlotter(translator)
                .plot(input, beam != null ? beam : translator.model().defaultBeam(), output);
        spec.commandLine().getOut().println("wrote " + output + ": " + input + " -> " + t.text());
        return Tolk.EXIT_OK;
    }
}
