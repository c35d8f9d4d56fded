package dev.tolk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.BadRowReason;
import dev.tolk.data.Column;
import dev.tolk.data.CorpusCursor;
import dev.tolk.data.CorpusException;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CorpusReport;
import dev.tolk.data.CsvCorpusReader;
import dev.tolk.data.PairFilter;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.data.synthetic.TargetLanguage;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tolk corpus}: check a parallel CSV/TSV corpus the way training will read it, or write the bundled
 * synthetic corpus.
 */
@Command(
        name = "corpus",
        description = "Check a parallel CSV/TSV corpus, or generate the bundled synthetic corpus.",
        mixinStandardHelpOptions = true,
        subcommands = {CorpusCommand.CheckCommand.class, CorpusCommand.GenerateCommand.class})
public final class CorpusCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing command: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tolk corpus check FILE}. */
    @Command(
            name = "check",
            description = {
                "Read a parallel corpus as training would and report the pairs and the bad rows.",
                "Bad rows (wrong field count, blank lines, an empty side, over-long pairs, duplicates) are dropped"
                        + " pairwise; invalid UTF-8 and broken quoting always stop the read with the line and column."
            },
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class CheckCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The corpus file (CSV or TSV, UTF-8).")
        Path file;

        @Option(
                names = "--format",
                paramLabel = "csv|tsv",
                description = "File format (default: from the extension; .tsv, .tab and .txt are TSV).")
        String format;

        @Option(names = "--no-header", description = "The file has no header row (choose columns by index).")
        boolean noHeader;

        @Option(
                names = "--source-column",
                paramLabel = "NAME|INDEX",
                description =
                        "Source column: a header name or an index from 0 (default: 'source', or 0 without header).")
        String sourceColumn;

        @Option(
                names = "--target-column",
                paramLabel = "NAME|INDEX",
                description =
                        "Target column: a header name or an index from 0 (default: 'target', or 1 without header).")
        String targetColumn;

        @Option(
                names = "--bad-rows",
                paramLabel = "skip|warn|error",
                defaultValue = "skip",
                description =
                        "What to do with a bad row: skip and count (default), warn for each, or stop with an error.")
        String badRows;

        @Option(
                names = "--max-tokens",
                paramLabel = "N",
                description = "Treat pairs with a side of more than N whitespace-separated tokens as bad rows.")
        Integer maxTokens;

        @Option(
                names = "--max-length-ratio",
                paramLabel = "R",
                description =
                        "Treat pairs whose longer side has more than R times the tokens of the shorter as bad rows.")
        Double maxLengthRatio;

        @Option(names = "--drop-duplicates", description = "Treat repeated identical pairs as bad rows.")
        boolean dropDuplicates;

        @Option(names = "--json", description = "Machine-readable JSON.")
        boolean json;

        @Override
        public void run() {
            BadRowPolicy policy = policy(badRows);
            CorpusFormat corpusFormat = corpusFormat();
            PairFilter filter = filter();
            CsvCorpusReader reader = new CsvCorpusReader(corpusFormat, filter, policy);
            long start = System.nanoTime();
            CorpusReport report;
            try (CorpusCursor cursor = reader.open(file)) {
                while (cursor.hasNext()) {
                    cursor.next();
                }
                report = cursor.report();
            } catch (CorpusException e) {
                if (e.badRow().isPresent()) {
                    throw new CorpusException(
                            e.file(),
                            e.line(),
                            e.column(),
                            e.reason() + " (stopped at the first bad row; --bad-rows=skip skips such rows)",
                            e);
                }
                throw e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(json(toJson(report, corpusFormat, policy, seconds)));
            } else {
                out.printf(
                        Locale.ROOT,
                        "%s: %d pairs from %d rows, %d skipped (%s, read in %.2f s)%n",
                        file,
                        report.pairs(),
                        report.rows(),
                        report.skipped(),
                        corpusFormat.kind().name().toLowerCase(Locale.ROOT),
                        seconds);
                report.summaryLine("see --bad-rows=error").ifPresent(out::println);
                for (String line : report.breakdown()) {
                    out.println("  " + line);
                }
            }
            out.flush();
        }

        private Map<String, Object> toJson(CorpusReport r, CorpusFormat f, BadRowPolicy policy, double seconds) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("file", file.toString());
            j.put("format", f.kind().name().toLowerCase(Locale.ROOT));
            j.put("bad_rows_policy", policy.name().toLowerCase(Locale.ROOT));
            j.put("pairs", r.pairs());
            j.put("rows", r.rows());
            j.put("skipped", r.skipped());
            Map<String, Object> reasons = new LinkedHashMap<>();
            for (Map.Entry<BadRowReason, Long> e : r.counts().entrySet()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("count", e.getValue());
                one.put("first_lines", r.firstLines(e.getKey()));
                reasons.put(e.getKey().name().toLowerCase(Locale.ROOT), one);
            }
            j.put("reasons", reasons);
            r.firstBadRow().ifPresent(b -> {
                Map<String, Object> first = new LinkedHashMap<>();
                first.put("line", b.line());
                first.put("reason", b.reason().name().toLowerCase(Locale.ROOT));
                first.put("detail", b.detail());
                j.put("first_bad_row", first);
            });
            r.summaryLine("see --bad-rows=error").ifPresent(s -> j.put("summary", s));
            j.put("seconds", Math.round(seconds * 1000) / 1000.0);
            return j;
        }

        private static BadRowPolicy policy(String value) {
            for (BadRowPolicy p : BadRowPolicy.values()) {
                if (p.name().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new UsageException("--bad-rows must be one of skip, warn, error; got '" + value + "'");
        }

        private CorpusFormat corpusFormat() {
            CorpusFormat.Kind kind;
            if (format == null) {
                kind = CorpusFormat.kindOf(file);
            } else if (format.equalsIgnoreCase("csv")) {
                kind = CorpusFormat.Kind.CSV;
            } else if (format.equalsIgnoreCase("tsv")) {
                kind = CorpusFormat.Kind.TSV;
            } else {
                throw new UsageException("--format must be csv or tsv; got '" + format + "'");
            }
            CorpusFormat.Builder b = CorpusFormat.builder(kind).header(!noHeader);
            if (sourceColumn != null) {
                b.source(column("--source-column", sourceColumn));
            }
            if (targetColumn != null) {
                b.target(column("--target-column", targetColumn));
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + " (see --source-column, --target-column, --no-header)");
            }
        }

        private static Column column(String option, String value) {
            try {
                return Column.parse(value);
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + " must be a header name or a column index from 0; got '" + value
                        + "' (" + e.getMessage() + ")");
            }
        }

        private PairFilter filter() {
            PairFilter.Builder b = PairFilter.builder().dropDuplicates(dropDuplicates);
            if (maxTokens != null) {
                if (maxTokens < 1) {
                    throw new UsageException("--max-tokens must be at least 1; got " + maxTokens);
                }
                b.maxTokens(maxTokens);
            }
            if (maxLengthRatio != null) {
                if (!(maxLengthRatio >= 1)) {
                    throw new UsageException("--max-length-ratio must be at least 1; got " + maxLengthRatio);
                }
                b.maxLengthRatio(maxLengthRatio);
            }
            return b.build();
        }
    }

    /** {@code tolk corpus generate --out DIR}. */
    @Command(
            name = "generate",
            description = {
                "Write the bundled synthetic corpus (English to French or German, generated by rule) as"
                        + " train.csv, valid.csv and test.csv.",
                "--pairs is the total: 1/26 each goes to valid and test, the rest to train (13000 gives"
                        + " 12000/500/500)."
            },
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class GenerateCommand implements Runnable {
        static final int MIN_PAIRS = 3;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into.")
        Path out;

        @Option(
                names = "--pairs",
                paramLabel = "N",
                defaultValue = "13000",
                description = "Total number of distinct pairs (default: ${DEFAULT-VALUE}).")
        int pairs;

        @Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "1",
                description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--lang",
                paramLabel = "fr|de",
                defaultValue = "fr",
                description = "Target language (default: ${DEFAULT-VALUE}).")
        String lang;

        @Option(names = "--json", description = "Machine-readable JSON.")
        boolean json;

        @Override
        public void run() {
            if (pairs < MIN_PAIRS || pairs > SyntheticCorpus.MAX_PAIRS) {
                throw new UsageException("--pairs must be between " + MIN_PAIRS + " and " + SyntheticCorpus.MAX_PAIRS
                        + "; got " + pairs);
            }
            TargetLanguage language;
            try {
                language = TargetLanguage.fromCode(lang);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--lang must be fr or de; got '" + lang + "'");
            }
            int held = Math.max(1, Math.round(pairs / 26f));
            SyntheticCorpus corpus = SyntheticCorpus.builder()
                    .language(language)
                    .seed(seed)
                    .trainPairs(pairs - 2 * held)
                    .validPairs(held)
                    .testPairs(held)
                    .build();
            Split<SentencePair> split = corpus.write(out);
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("dir", out.toString());
                j.put("source_language", "en");
                j.put("target_language", language.code());
                j.put("seed", seed);
                List<Map<String, Object>> files = new ArrayList<>();
                for (String part : List.of("train", "valid", "test")) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("file", out.resolve(part + ".csv").toString());
                    f.put(
                            "pairs",
                            (part.equals("train") ? split.train() : part.equals("valid") ? split.valid() : split.test())
                                    .size());
                    files.add(f);
                }
                j.put("files", files);
                w.println(json(j));
            } else {
                w.printf(
                        Locale.ROOT,
                        "wrote %s: train.csv %d pairs, valid.csv %d, test.csv %d (en-%s, seed %d)%n",
                        out,
                        split.train().size(),
                        split.valid().size(),
                        split.test().size(),
                        language.code(),
                        seed);
            }
            w.flush();
        }
    }
}
