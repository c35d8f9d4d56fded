package dev.tolk.cli;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.Column;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.TextCursor;
import dev.tolk.eval.AlignedStreams;
import dev.tolk.eval.AlignedStreams.Segments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The hypothesis and reference options of the scoring commands: files of one segment per line (or {@code -}), or a
 * column of CSV/TSV corpora, handed to eval's {@link AlignedStreams} for the alignment checks.
 */
final class EvalInputs {
    @Option(
            names = "--hyp",
            required = true,
            paramLabel = "FILE",
            description = "Hypotheses, one per line ('-' = stdin).")
    List<String> hyps;

    @Option(
            names = "--ref",
            required = true,
            paramLabel = "FILE",
            description = "References, one per line; repeat for several reference translations.")
    List<String> refs;

    @Option(
            names = "--hyp-column",
            paramLabel = "COL",
            description = "Read the hypotheses from this column (header name or 0-based index) of CSV/TSV files.")
    String hypColumn;

    @Option(
            names = "--ref-column",
            paramLabel = "COL",
            description = "Read the references from this column of CSV/TSV files (e.g. --ref test.csv --ref-column"
                    + " target).")
    String refColumn;

    /** Reads and aligns the streams; at most {@code maxHyps} hypothesis streams. */
    AlignedStreams read(int maxHyps) throws IOException {
        if (hyps.size() > maxHyps) {
            throw new UsageException("--hyp must be given " + (maxHyps == 1 ? "once" : "at most " + maxHyps + " times")
                    + ", got " + hyps.size());
        }
        long stdin = hyps.stream().filter("-"::equals).count()
                + refs.stream().filter("-"::equals).count();
        if (stdin > 1) {
            throw new UsageException("only one of --hyp/--ref can be '-' (standard input), got " + stdin);
        }
        List<Segments> h = new ArrayList<>();
        for (String f : hyps) {
            h.add(read(f, hypColumn));
        }
        List<Segments> r = new ArrayList<>();
        for (String f : refs) {
            r.add(read(f, refColumn));
        }
        return new AlignedStreams(h, r);
    }

    private static Segments read(String file, String column) throws IOException {
        if (column == null) {
            return "-".equals(file) ? Segments.read(StdIo.in(), "<stdin>") : Segments.read(Path.of(file));
        }
        CorpusFormat.Kind kind = TranslateCommand.byExtension(file) == TranslateCommand.InputFormat.tsv
                ? CorpusFormat.Kind.TSV
                : CorpusFormat.Kind.CSV;
        List<String> texts = new ArrayList<>();
        try (InputStream in = StdIo.open(file);
                TextCursor c = TextCursor.column(
                        in,
                        StdIo.name(file),
                        CorpusFormat.builder(kind).build(),
                        Column.parse(column),
                        BadRowPolicy.ERROR,
                        row -> {})) {
            c.forEachRemaining(t -> texts.add(t.text()));
        }
        return Segments.of(StdIo.name(file), texts);
    }
}
