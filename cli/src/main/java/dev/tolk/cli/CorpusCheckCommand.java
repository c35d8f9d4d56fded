package dev.tolk.cli;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.BadRowReason;
import dev.tolk.data.CorpusException;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CorpusReport;
import dev.tolk.data.CsvCorpusReader;
import dev.tolk.data.PairFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class CorpusCheckCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The corpus file (CSV or TSV, UTF-8).")
    Path file;

    @Option(
            names = "--bad-rows",
            paramLabel = "skip|warn|error",
            defaultValue = "skip",
            description = "What to do with a bad row: skip and count (default), warn for each, or stop with an error.")
    String badRows;

    @Mixin
    CorpusReadOptions read;

    @Option(names = "--json", description = "Machine-readable JSON.")
    boolean json;

    @Override
    public void run() {
        BadRowPolicy policy = policy(badRows);
        CorpusFormat corpusFormat = read.corpusFormat(file);
        PairFilter filter = read.filter();
        CsvCorpusReader reader = new CsvCorpusReader(corpusFormat, filter, policy);
        long start = System.nanoTime();
        CorpusReport report;
        try {
            report = reader.check(file);
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
            out.println(Json.line(toJson(report, corpusFormat, policy, seconds)));
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
}
