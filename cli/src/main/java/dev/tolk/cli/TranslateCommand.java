package dev.tolk.cli;

import dev.tolk.data.Column;
import dev.tolk.data.CorpusFormat;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import dev.tolk.serve.plot.AttentionPlotOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk translate}: wires files and options to {@link Translator#translate}, the translation loop, and prints
 * its warnings. One output record per input record (an empty line gives an empty line).
 */
@Command(
        name = "translate",
        description = {
            "Translate sentences with a trained model: one output line per input line.",
            "Input: plain text, a CSV/TSV column or JSON lines; output: text (n-best: Moses format), CSV/TSV or JSON"
                    + " lines. From a pipe or a terminal each line is translated as it arrives; files are translated"
                    + " in sorted batches."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class TranslateCommand implements Callable<Integer> {
    enum InputFormat {
        text,
        csv,
        tsv,
        jsonl
    }

    enum OutputFormat {
        text,
        csv,
        tsv,
        jsonl
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelsOption model;

    @Option(names = "--input", paramLabel = "FILE", description = "Input file, or - for standard input (default).")
    String input = "-";

    @Mixin
    CommandOutput output;

    @Option(
            names = "--input-format",
            paramLabel = "FMT",
            description = "text, csv, tsv or jsonl (default: by the extension: .csv, .tsv/.tab, .jsonl, else text).")
    InputFormat inputFormat;

    @Option(
            names = "--column",
            paramLabel = "C",
            description = "CSV/TSV column (header name or 0-based index) or JSON field (default: ${DEFAULT-VALUE}).")
    String column = "source";

    @Option(
            names = "--format",
            paramLabel = "FMT",
            description = "Output: text, csv, tsv or jsonl (default: ${DEFAULT-VALUE}); csv/tsv/jsonl add the score.")
    OutputFormat format = OutputFormat.text;

    @Option(names = "--beam", paramLabel = "K", description = "Beam size; 1 = greedy (default: the model's).")
    Integer beam;

    @Option(names = "--nbest", paramLabel = "N", description = "Hypotheses per input, at most --beam (default: 1).")
    Integer nbest;

    @Option(
            names = "--length-penalty",
            paramLabel = "A",
            description = "GNMT length-penalty exponent: scores are divided by ((5 + length) / 6)^A; 0 ranks by "
                    + "raw log-probability, larger values favour longer output; 0 to 5 (default: the model's).")
    Double lengthPenalty;

    @Option(
            names = "--batch-size",
            paramLabel = "B",
            description = "Sentences decoded together (default: ${DEFAULT-VALUE}); changes scores in the last digits "
                    + "(at int8 a few translations too).")
    int batchSize = 32;

    @Mixin
    ThreadsOption threads;

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Option(names = "--replace-unk", description = "Replace <unk> by the most-attended source word.")
    boolean replaceUnk;

    @Option(names = "--attention", description = "With --format jsonl: add the attention weights and symbols.")
    boolean attention;

    @Option(
            names = "--attention-plot",
            paramLabel = "DIR",
            description = "Also draw each translation's attention heatmap to DIR/LINE.png (LINE: the input line).")
    Path attentionPlot;

    @Override
    public Integer call() throws IOException {
        if (attention && format != OutputFormat.jsonl) {
            throw new UsageException("--attention needs --format jsonl, got --format " + format);
        }
        if (batchSize < 1) {
            throw new UsageException("--batch-size must be >= 1, got " + batchSize);
        }
        refuseSameFile();
        InputFormat inFormat = inputFormat != null ? inputFormat : byExtension(input);
        Translator translator = model.load(precision.value());
        DecodeConfig decode = decoding(translator.decodeConfig());
        threads.apply();
        Batching batching = StdIo.isStream(input) ? Batching.STREAMING : Batching.ofBatchSize(batchSize);
        PrintWriter err = spec.commandLine().getErr();
        String name = StdIo.name(input);
        try (InputStream in = StdIo.open(input);
                TranslationInput records = open(in, name, inFormat);
                CommandOutput.Opened out = output.open(spec)) {
            TranslationOutput results = writer(out.writer(), decode.nbest() > 1);
            if (attentionPlot != null) {
                results = new AttentionPlotOutput(results, attentionPlot);
            }
            translator.translate(records, results, decode, batching, w -> {
                err.println("tolk: warning: "
                        + ErrorMessages.abbreviate(name + ":" + w.source().line() + ": " + w.message()));
                err.flush();
            });
            out.commit();
        }
        return Tolk.EXIT_OK;
    }

    /** Writing the output over the input would destroy the input before it is read. */
    private void refuseSameFile() throws IOException {
        Path out = output.file;
        if (out != null && !"-".equals(input) && Files.exists(out) && Files.isSameFile(Path.of(input), out)) {
            throw new UsageException("--output " + out + " is the input file " + input
                    + " (the same file, perhaps through a link); write the translations to another file");
        }
    }

    static InputFormat byExtension(String file) {
        String name = file.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return InputFormat.csv;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return InputFormat.tsv;
        }
        return name.endsWith(".jsonl") ? InputFormat.jsonl : InputFormat.text;
    }

    /** The model's decoding settings with the options' overrides, validated where the settings are defined. */
    private DecodeConfig decoding(DecodeConfig model) {
        int k = beam != null ? beam : model.beamSize();
        int n = nbest != null ? nbest : Math.min(model.nbest(), k);
        try {
            return model.withBeam(k, n)
                    .withLengthPenalty(lengthPenalty != null ? lengthPenalty : model.lengthPenalty())
                    .withReplaceUnk(replaceUnk || model.replaceUnk());
        } catch (ConfigException e) {
            String option = switch (e.key()) {
                case "decode.nbest" -> "--nbest";
                case "decode.length_penalty" -> "--length-penalty";
                default -> "--beam";
            };
            throw new UsageException(e.reason().replace("'" + e.key() + "'", option));
        }
    }

    private TranslationInput open(InputStream in, String name, InputFormat f) {
        PrintWriter err = spec.commandLine().getErr();
        return switch (f) {
            case csv, tsv ->
                TranslationInput.table(
                        in,
                        name,
                        f == InputFormat.csv ? CorpusFormat.Kind.CSV : CorpusFormat.Kind.TSV,
                        true,
                        Column.parse(column),
                        row -> err.println("tolk: warning: " + ErrorMessages.abbreviate(row + " (skipped)")));
            case jsonl -> TranslationInput.jsonLines(in, name, column);
            case text -> TranslationInput.text(in, name);
        };
    }

    private TranslationOutput writer(Writer w, boolean withNbest) throws IOException {
        return switch (format) {
            case csv -> TranslationOutput.table(w, CorpusFormat.Kind.CSV, true);
            case tsv -> TranslationOutput.table(w, CorpusFormat.Kind.TSV, true);
            case jsonl -> TranslationOutput.jsonLines(w, withNbest, attention);
            case text -> TranslationOutput.text(w, withNbest);
        };
    }
}
