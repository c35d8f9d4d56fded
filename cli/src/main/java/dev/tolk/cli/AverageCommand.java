package dev.tolk.cli;

import dev.tolk.seq2seq.store.CheckpointDirectory;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.store.WeightAverage;
import dev.tolk.seq2seq.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tolk average}: checkpoint averaging ({@link WeightAverage}): the mean of the weights of models or
 * checkpoints of one architecture and vocabulary, written as a model file.
 */
@Command(
        name = "average",
        description = {
            "Average the weights of checkpoints (or models) of one architecture and vocabulary into a model file,",
            "e.g. tolk average --out avg.tolk model/checkpoints/ckpt-*.tolk, or tolk average --out avg.tolk --last 3"
                    + " model"
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class AverageCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The averaged model to write.")
    Path out;

    @Option(
            names = "--last",
            paramLabel = "N",
            description = "Average the latest N checkpoints of the model directory given as the one argument.")
    Integer last;

    @Parameters(
            paramLabel = "MODEL",
            arity = "1..*",
            description = "Checkpoints or models (or, with --last, one" + " model directory).")
    List<Path> inputs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<Path> files = inputs;
        if (last != null) {
            if (last < 1) {
                throw new UsageException("--last must be >= 1, got " + last);
            }
            if (inputs.size() != 1 || !Files.isDirectory(inputs.get(0))) {
                throw new UsageException(
                        "--last N takes one model directory (the --model-dir of a training run), got " + inputs);
            }
            Path cdir = Trainer.checkpointDir(inputs.get(0));
            files = new CheckpointDirectory(cdir, 1).latestFiles(last);
            if (files.size() < last) {
                throw new UsageException("--last " + last + ": " + cdir + " holds " + files.size()
                        + " checkpoint(s); raise train.keep_checkpoints to keep more");
            }
        }
        ModelFile avg = WeightAverage.average(files);
        avg.write(out);
        PrintWriter o = spec.commandLine().getOut();
        o.println("averaged " + files.size() + " model(s) into " + out + ": "
                + String.join(", ", files.stream().map(Path::toString).toList()));
        o.flush();
        return Tolk.EXIT_OK;
    }
}
