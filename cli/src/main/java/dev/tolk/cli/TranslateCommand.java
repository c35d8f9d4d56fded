package dev.tolk.cli;

import dev.tolk.core.Gemm;
import dev.tolk.seq2seq.config.TableFormat;
import dev.tolk.seq2seq.io.SourceLine;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.translate.TranslateOptions;
import dev.tolk.seq2seq.translate.Translator;
import dev.tolk.serve.AttentionMap;
import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.plot.AttentionPlotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tolk translate}: translates sentences with a trained model, exactly one output record per input record (an
 * empty input line gives an empty output line). Inputs are read and translated in blocks, so large files stream.
 */
@Command(
        name = "translate",
        description = {
            "Translate sentences with a trained model: one output line per input line.",
            "Input: plain text (default), a CSV/TSV column or JSON lines; output: text, CSV or JSON lines."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class TranslateCommand implements Callable<Integer> {
    /** Records translated together (sorted by length within the block). */
    static final int BLOCK = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "M",
            description = "Model directory (holding model.tolk) or model file.")
    Path model;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            defaultValue = "-",
            description = "Input file, or - for standard input (default).")
    String input;

    @Option(names = "--output", paramLabel = "FILE", description = "Output file (default: standard output).")
    Path output;

    @Option(
            names = "--input-format",
            paramLabel = "text|csv|tsv|jsonl",
            defaultValue = "text",
            description = "Input format (default: ${DEFAULT-VALUE}).")
    String inputFormat;

    @Option(
            names = "--column",
            paramLabel = "C",
            defaultValue = "source",
            description = "CSV/TSV column (header name or 0-based index) or JSON field to translate (default: "
                    + "${DEFAULT-VALUE}).")
    String column;

    @Option(
            names = "--format",
            paramLabel = "text|csv|jsonl",
            defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}); csv and jsonl include the score.")
    String format;

    @Option(
            names = "--beam",
            paramLabel = "K",
            description = "Beam size; 1 = greedy (default: the model's " + "decode.beam_size).")
    Integer beam;

    @Option(
            names = "--nbest",
            paramLabel = "N",
            description = "Hypotheses per input (jsonl output lists them; " + "at most --beam).")
    Integer nbest;

    @Option(
            names = "--batch-size",
            paramLabel = "B",
            defaultValue = "32",
            description = "Sentences decoded together (default: ${DEFAULT-VALUE}); results do not depend on it.")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Matrix-product threads (default: all cores).")
    Integer threads;

    @Option(names = "--replace-unk", description = "Replace <unk> by the most-attended source word.")
    boolean replaceUnk;

    @Option(
            names = "--attention",
            description = "With --format jsonl: add the attention weights (rows: target "
                    + "symbols, columns: source symbols and </s>) and both symbol lists.")
    boolean attention;

    @Option(
            names = "--attention-plot",
            paramLabel = "DIR",
            description = "Also draw each translation's attention heatmap to DIR/LINE.png (LINE: the input line).")
    Path attentionPlot;

    @Override
    public Integer call() throws Exception {
        String inFmt = choice("--input-format", inputFormat, "text", "csv", "tsv", "jsonl");
        String outFmt = choice("--format", format, "text", "csv", "jsonl");
        if (attention && !outFmt.equals("jsonl")) {
            throw new UsageException("--attention needs --format jsonl, got --format " + outFmt);
        }
        if (batchSize < 1) {
            throw new UsageException("--batch-size must be >= 1, got " + batchSize);
        }
        if (threads != null && (threads < 1 || threads > 1024)) {
            throw new UsageException("--threads must be in [1, 1024], got " + threads);
        }
        if (beam != null && (beam < 1 || beam > 1000)) {
            throw new UsageException("--beam must be in [1, 1000], got " + beam);
        }
        Translator translator = Translator.load(model);
        TranslateOptions opts = translator.defaultOptions().withBatchSize(batchSize);
        int k = beam != null ? beam : opts.beamSize();
        int n = nbest != null ? nbest : Math.min(opts.nbest(), k);
        if (n < 1 || n > k) {
            throw new UsageException("--nbest must be in [1, beam size " + k + "], got " + n);
        }
        opts = opts.withBeam(k, n);
        if (replaceUnk) {
            opts = opts.withReplaceUnk(true);
        }
        opts = opts.withAttention(attention || attentionPlot != null);
        Gemm.get().setThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        PrintWriter err = spec.commandLine().getErr();
        String sourceName = "-".equals(input) ? "<stdin>" : input;
        InputStream in = "-".equals(input) ? StdIo.in() : Files.newInputStream(Path.of(input));
        try (TranslationInput records = open(in, sourceName, inFmt);
                TranslationOutput out = open(outFmt, n > 1, attention)) {
            while (true) {
                List<SourceLine> block = new ArrayList<>();
                Optional<SourceLine> l;
                while (block.size() < BLOCK && (l = records.next()).isPresent()) {
                    block.add(l.get());
                }
                if (block.isEmpty()) {
                    break;
                }
                List<String> texts = block.stream().map(SourceLine::text).toList();
                List<TranslationResult> results = translator.translate(texts, opts, sourceName, w -> {
                    err.println("tolk: warning: " + lineOf(w, block));
                    err.flush();
                });
                for (TranslationResult r : results) {
                    out.write(r);
                }
                for (int i = 0; attentionPlot != null && i < results.size(); i++) {
                    TranslationResult r = results.get(i);
                    AttentionMap map = Seq2SeqTranslator.attentionOf(r);
                    if (map != null) {
                        Path png = attentionPlot.resolve(block.get(i).lineNumber() + ".png");
                        AttentionPlotter.write(map, r.source(), r.translation(), png);
                    }
                }
                if (block.size() < BLOCK) {
                    break;
                }
            }
        }
        return Tolk.EXIT_OK;
    }

    /** Rewrites the translator's {@code source:index} (1-based position in the block) to the input line number. */
    private static String lineOf(String warning, List<SourceLine> block) {
        int end = warning.indexOf(": ");
        int start = warning.lastIndexOf(':', end - 1);
        try {
            int idx = Integer.parseInt(warning.substring(start + 1, end));
            return warning.substring(0, start + 1) + block.get(idx - 1).lineNumber() + warning.substring(end);
        } catch (RuntimeException e) {
            return warning;
        }
    }

    private static String choice(String option, String value, String... allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new UsageException(option + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }

    private TranslationInput open(InputStream in, String name, String fmt) throws IOException {
        return switch (fmt) {
            case "csv" -> TranslationInput.table(in, name, TableFormat.CSV, true, column);
            case "tsv" -> TranslationInput.table(in, name, TableFormat.TSV, true, column);
            case "jsonl" -> TranslationInput.jsonLines(in, name, column);
            default -> TranslationInput.text(in, name);
        };
    }

    private TranslationOutput open(String fmt, boolean withNbest, boolean withAttention) throws IOException {
        Writer w;
        if (output != null) {
            w = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        } else {
            PrintWriter pw = spec.commandLine().getOut();
            w = new Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) {
                    pw.write(cbuf, off, len);
                }

                @Override
                public void flush() {
                    pw.flush();
                }

                @Override
                public void close() {
                    pw.flush();
                }
            };
        }
        return switch (fmt) {
            case "csv" -> TranslationOutput.table(w, TableFormat.CSV, true);
            case "jsonl" -> TranslationOutput.jsonLines(w, withNbest, withAttention);
            default -> TranslationOutput.text(w);
        };
    }
}
