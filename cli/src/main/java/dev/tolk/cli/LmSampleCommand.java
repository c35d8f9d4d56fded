package dev.tolk.cli;

import dev.tolk.seq2seq.lm.LmModelFile;
import dev.tolk.seq2seq.lm.Sampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk lm sample}. */
@Command(
        name = "sample",
        description = {
            "Generate text: prints the prime followed by LENGTH generated characters and a newline.",
            "The same model, prime, length, temperature and seed give the same text. Temperature 0 takes the",
            "most likely character; an empty prime starts from the training text's character frequencies."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class LmSampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "A model file or model directory.")
    Path model;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Text to continue (default: empty).")
    String prime = "";

    @Option(names = "--length", paramLabel = "N", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    int length = 200;

    @Option(
            names = "--temperature",
            paramLabel = "T",
            description = "Softmax temperature >= 0 (default: ${DEFAULT-VALUE}).")
    double temperature = 1.0;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() throws Exception {
        UsageException.atLeast("--length", length, 0);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new UsageException("--temperature must be a finite number >= 0, got " + temperature);
        }
        LmModelFile file = LmModelFile.read(model);
        String text = new Sampler(temperature, seed)
                .sample(file.toModel(), file.vocabulary(), file.unigramCounts(), prime, length);
        try (CommandOutput.Opened opened = output.open(spec)) {
            PrintWriter o = opened.out();
            o.print(prime);
            o.print(text);
            o.print('\n');
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }
}
