package dev.tolk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Input options shared by the tokenizer commands ({@code tokenize}, {@code vocab}, {@code stats},
 * {@code stopwords}, {@code bench tokenizer}): a text file (one document per line) or one column of a CSV/TSV
 * file, or standard input. Reading is strict UTF-8 with {@code file:line} in every error.
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
            description = "auto (by extension: .csv, .tsv, else text), text, csv or tsv (default: ${DEFAULT-VALUE}).")
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
        return isStdin() ? "<stdin>" : file;
    }

    boolean isStdin() {
        return file == null || file.equals("-");
    }

    Format effectiveFormat() {
        if (format != Format.auto) {
            return format;
        }
        String name = source().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.csv;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return Format.tsv;
        }
        return Format.text;
    }

    private InputStream open() throws IOException {
        return isStdin() ? StdIo.in() : Files.newInputStream(Path.of(file));
    }

    /** Reads all documents into memory. */
    List<TokDocument> readAll() throws IOException {
        List<TokDocument> docs = new ArrayList<>();
        forEach(docs::add);
        return docs;
    }

    /**
     * Streams the documents to {@code sink}.
     *
     * @throws UsageException for a column option that does not fit the input
     * @throws TokInputException for bad input data (invalid UTF-8, empty input, malformed CSV, short rows)
     */
    void forEach(Consumer<TokDocument> sink) throws IOException {
        Format f = effectiveFormat();
        if (f == Format.text && column != null) {
            throw new UsageException("--column applies to CSV/TSV input, but " + source() + " is read as text;"
                    + " use --format csv or --format tsv");
        }
        if (f != Format.text && column == null) {
            throw new UsageException("--column NAME|INDEX is required for " + f + " input (" + source() + ")");
        }
        try (TokLineReader lines = new TokLineReader(open(), source())) {
            if (f == Format.text) {
                String line;
                boolean any = false;
                while ((line = lines.readLine()) != null) {
                    any = true;
                    sink.accept(new TokDocument(line, lines.lineNumber()));
                }
                if (!any) {
                    throw empty();
                }
                return;
            }
            TokCsvReader csv = new TokCsvReader(lines, f == Format.csv ? ',' : '\t');
            List<String> first = csv.next();
            if (first == null) {
                throw empty();
            }
            int index = columnIndex(first);
            boolean any = false;
            List<String> row = noHeader ? first : csv.next();
            while (row != null) {
                if (index >= row.size()) {
                    throw new TokInputException(source() + ":" + csv.recordLine() + ": the row has " + row.size()
                            + " field(s), so column " + column + " (index " + index
                            + ") is missing; fix the row or choose"
                            + " another --column");
                }
                any = true;
                sink.accept(new TokDocument(row.get(index), csv.recordLine()));
                row = csv.next();
            }
            if (!any) {
                throw new TokInputException(source() + ": no data rows after the header; nothing to read");
            }
        }
    }

    private TokInputException empty() {
        return new TokInputException(source() + ": the input is empty; give a file with one document per line"
                + " (or a CSV/TSV file with --column)");
    }

    private int columnIndex(List<String> header) {
        if (column.matches("\\d{1,9}")) {
            int idx = Integer.parseInt(column);
            if (idx >= header.size()) {
                throw new UsageException("--column index must be in [0, " + (header.size() - 1) + "] for " + source()
                        + " (" + header.size() + " columns), got " + idx);
            }
            return idx;
        }
        if (noHeader) {
            throw new UsageException(
                    "--column must be an index (counting from 0) with --no-header, got '" + column + "'");
        }
        int idx = header.indexOf(column);
        if (idx < 0) {
            throw new UsageException("--column '" + column + "' is not a column of " + source() + "; its columns are: "
                    + String.join(", ", header));
        }
        return idx;
    }
}
