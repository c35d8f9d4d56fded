package dev.tolk.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.core.Precision;
import dev.tolk.data.CorpusException;
import dev.tolk.seq2seq.store.ModelFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} entry point: {@code tolk-spark translate --model M --input IN --output DIR ...}. Parses,
 * wires and prints (the one class of this module that prints): a summary on standard output, errors as one line on
 * standard error; exit 0 ok, 1 runtime error (bad input or model), 2 usage error.
 */
@Command(
        name = "tolk-spark",
        description = "Tolk on Apache Spark.",
        mixinStandardHelpOptions = true,
        subcommands = {TolkSparkJob.Translate.class})
public final class TolkSparkJob implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_RUNTIME = 1;
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: translate");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new TolkSparkJob());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean usage = e instanceof IllegalArgumentException && !(e instanceof TolkSparkException);
            err.println("tolk-spark: " + (usage ? "" : "error: ") + userMessage(e));
            return usage ? EXIT_USAGE : EXIT_RUNTIME;
        });
        return cl.execute(args);
    }

    /** Translates files: spark-submit's {@code --master}, or {@code --master} here, or {@code local[*]}. */
    @Command(
            name = "translate",
            description = {
                "Translate files on Spark: one output record per input record, in input order.",
                "Output: a directory of part files (part-00000, ...) whose concatenation is the input's order."
            },
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class Translate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--model",
                required = true,
                paramLabel = "M",
                description = "Model file or directory (a path or any URI Spark reads).")
        String model;

        @Option(
                names = "--input",
                required = true,
                paramLabel = "PATH",
                split = ",",
                description = "Input files, directories or globs (repeatable or comma-separated).")
        List<String> input;

        @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (new).")
        String output;

        @Option(
                names = "--input-format",
                paramLabel = "text|csv|tsv|jsonl|parquet",
                defaultValue = "text",
                description = "Input format (default: ${DEFAULT-VALUE}).")
        String inputFormat;

        @Option(
                names = "--column",
                paramLabel = "C",
                defaultValue = "source",
                description = "CSV/TSV column (header name or 0-based index), JSON field or Parquet column "
                        + "(default: ${DEFAULT-VALUE}).")
        String column;

        @Option(names = "--no-header", description = "CSV/TSV input has no header row.")
        boolean noHeader;

        @Option(
                names = "--format",
                paramLabel = "text|csv|jsonl|parquet",
                defaultValue = "text",
                description = "Output format (default: ${DEFAULT-VALUE}); csv, jsonl and parquet have file, line, "
                        + "source, translation and score.")
        String format;

        @Option(names = "--beam", paramLabel = "K", description = "Beam size; 1 = greedy (default: the model's).")
        Integer beam;

        @Option(
                names = "--batch-size",
                paramLabel = "B",
                defaultValue = "32",
                description = "Sentences decoded together (default: ${DEFAULT-VALUE}); results do not depend on it "
                        + "(at int8 a few can).")
        int batchSize;

        @Option(names = "--replace-unk", description = "Replace <unk> by the most-attended source word.")
        boolean replaceUnk;

        @Option(
                names = "--precision",
                paramLabel = "fp32|bf16|int8",
                defaultValue = "fp32",
                description = "Number format of the matrix products, as tolk translate --precision: fp32 (default), "
                        + "bf16 or int8 (needs executors whose CPUs have avx512_bf16 / VNNI).")
        String precision;

        @Option(
                names = "--partitions",
                paramLabel = "N",
                defaultValue = "0",
                description = "Translation tasks (default: 0 = about 10,000 records each, at least 2 per core).")
        int partitions;

        @Option(
                names = "--permissive",
                description = "Keep records that cannot be read (invalid UTF-8, malformed JSON) with the reason in "
                        + "_corrupt, instead of failing.")
        boolean permissive;

        @Option(
                names = "--shared-model",
                description = "Read the model in place on every executor (a local path on shared storage) "
                        + "instead of shipping it with the job.")
        boolean sharedModel;

        @Option(
                names = "--master",
                paramLabel = "URL",
                description = "Spark master when not started by spark-submit, e.g. local[2] (default: local[*]); "
                        + "ignored when a Spark session is already running in this JVM.")
        String master;

        @Option(names = "--json", description = "Print the summary as one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            FileInput in = new FileInput(input, InputFormat.parse(inputFormat), column, !noHeader);
            OutputFormat out = OutputFormat.parse(format);
            Precision products = Precision.parse(precision);
            if (beam != null && (beam < 1 || beam > 1000)) {
                throw new IllegalArgumentException("--beam must be in [1, 1000], got " + beam);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
            }
            if (partitions < 0) {
                throw new IllegalArgumentException("--partitions must be >= 0, got " + partitions);
            }
            SparkSession running = SparkSession.getActiveSession()
                    .getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
            SparkSession spark = running;
            if (spark == null) {
                SparkConf conf = new SparkConf();
                if (master != null) {
                    conf.setMaster(master);
                } else if (!conf.contains("spark.master")) {
                    conf.setMaster("local[*]");
                }
                spark = SparkSession.builder()
                        .appName("tolk translate")
                        .config(conf)
                        .getOrCreate();
            }
            try {
                TolkTranslator.Builder b = TolkTranslator.builder(model)
                        .batchSize(batchSize)
                        .replaceUnk(replaceUnk)
                        .precision(products)
                        .permissive(permissive)
                        .sharedStorage(sharedModel)
                        .partitions(partitions);
                if (beam != null) {
                    b.beam(beam);
                }
                TranslationSummary s = b.build(spark).translateFiles(in, output, out);
                PrintWriter w = spec.commandLine().getOut();
                if (json) {
                    ObjectNode o = new ObjectMapper().createObjectNode();
                    o.put("records", s.records());
                    o.put("written", s.written());
                    o.put("empty", s.empty());
                    o.put("corrupt", s.corrupt());
                    o.put("partitions", s.partitions());
                    o.put("seconds", s.seconds());
                    o.put("translate_seconds", s.translateSeconds());
                    o.put("records_per_second", s.recordsPerSecond());
                    o.put("master", spark.sparkContext().master());
                    o.put("precision", products.id());
                    o.put("output", output);
                    w.println(o);
                } else {
                    w.printf(
                            Locale.ROOT,
                            "%s: %d records translated in %d tasks, %.1f s (%.1f records/s); %d empty, %d unreadable%n",
                            output,
                            s.records(),
                            s.partitions(),
                            s.seconds(),
                            s.recordsPerSecond(),
                            s.empty(),
                            s.corrupt());
                }
                w.flush();
                return EXIT_OK;
            } finally {
                if (running == null) {
                    spark.stop();
                }
            }
        }
    }

    private static final Pattern TASK_FAILURE =
            Pattern.compile("(?:dev\\.tolk\\.[\\w.]+Exception|java\\.io\\.\\w+Exception): ([^\\n]+)");

    /**
     * The one line to show for a failure: the message of the first user-facing cause (bad input, bad model, missing
     * file), else of the root cause. Spark reports a task's exception inside its own message, so that is searched too.
     */
    static String userMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TolkSparkException
                    || t instanceof CorpusException
                    || t instanceof ModelFormatException
                    || t instanceof FileNotFoundException
                    || t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = TASK_FAILURE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return m.group(1);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root instanceof IOException ? root.getMessage() : root.toString();
    }
}
