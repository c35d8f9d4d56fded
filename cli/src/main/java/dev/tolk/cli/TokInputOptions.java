package dev.tolk.cli;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.Column;
import dev.tolk.data.CorpusException;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.TextCursor;
import dev.tolk.data.TextRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Input options of the tokenizer commands ({@code tokenize}, {@code vocab}, {@code stats}, {@code stopwords}): a
 * text file (one document per line) or one column of a CSV/TSV file, or standard input, read by the data module's
 * {@link TextCursor} (strict UTF-8, errors at {@code file:line:column}; rows that are not data rows are skipped
 * with a warning, as {@code tolk corpus check} counts them).
 */
final class TokInputOptions {
    /** Input formats. */
    enum Format {
        auto,
        text,
        csv,
        tsv
    }

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "Input file; '-' or none for standard input.")
    String file = "-";

    @Option(
            names = "--format",
            paramLabel = "FMT",
            description =
                    "auto (by extension: .csv, .tsv/.tab, else text), text, csv or tsv (default: ${DEFAULT-VALUE}).")
    Format format = Format.auto;

    @Option(
            names = "--column",
            paramLabel = "NAME|INDEX",
            description = "CSV/TSV column to read: a header name, or an index counting from 0. Required for CSV/TSV.")
    String column;

    @Option(names = "--no-header", description = "The CSV/TSV file has no header row (then --column is an index).")
    boolean noHeader;

    /** The display name of the input. */
    String source() {
        return StdIo.name(file);
    }

    Format effectiveFormat() {
        if (format != Format.auto) {
            return format;
        }
        return switch (TranslateCommand.byExtension(file)) {
            case csv -> Format.csv;
            case tsv -> Format.tsv;
            default -> Format.text;
        };
    }

    /** Reads all documents into memory. */
    List<TextRecord> readAll(PrintWriter err) throws IOException {
        List<TextRecord> docs = new ArrayList<>();
        forEach(err, docs::add);
        return docs;
    }

    /**
     * Streams the documents to {@code sink}; skipped rows are reported on {@code err}.
     *
     * @throws UsageException for a column option that does not fit the input
     * @throws CorpusException for bad input data (invalid UTF-8, empty input, malformed CSV, a missing column)
     */
    void forEach(PrintWriter err, Consumer<TextRecord> sink) throws IOException {
        Format f = effectiveFormat();
        if (f == Format.text && column != null) {
            throw new UsageException("--column applies to CSV/TSV input, but " + source() + " is read as text;"
                    + " use --format csv or --format tsv");
        }
        if (f != Format.text && column == null) {
            throw new UsageException("--column NAME|INDEX is required for " + f + " input (" + source() + ")");
        }
        Column c = f == Format.text ? null : Column.parse(column);
        if (c != null && c.isNamed() && noHeader) {
            throw new UsageException(
                    "--column must be an index (counting from 0) with --no-header, got '" + column + "'");
        }
        try (InputStream in = StdIo.open(file);
                TextCursor cursor = f == Format.text
                        ? TextCursor.lines(in, source())
                        : TextCursor.column(
                                in,
                                source(),
                                CorpusFormat.builder(f == Format.csv ? CorpusFormat.Kind.CSV : CorpusFormat.Kind.TSV)
                                        .header(!noHeader)
                                        .build(),
                                c,
                                BadRowPolicy.WARN,
                                row -> err.println("tolk: warning: " + ErrorMessages.abbreviate(row + " (skipped)")))) {
            boolean any = false;
            while (cursor.hasNext()) {
                any = true;
                sink.accept(cursor.next());
            }
            if (!any) {
                throw new CorpusException(
                        source(),
                        0,
                        0,
                        f == Format.text
                                ? "the input is empty; give a file with one document per line (or a CSV/TSV file"
                                        + " with --column)"
                                : "no data rows; nothing to read",
                        null);
            }
        }
    }
}
