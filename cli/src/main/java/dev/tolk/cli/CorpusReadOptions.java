package dev.tolk.cli;

import dev.tolk.data.Column;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.PairFilter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code tolk corpus check} reads a corpus: its layout and the limits on accepted pairs, as data's records. */
final class CorpusReadOptions {
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
            description = "Source column: a header name or an index from 0 (default: 'source', or 0 without header).")
    String sourceColumn;

    @Option(
            names = "--target-column",
            paramLabel = "NAME|INDEX",
            description = "Target column: a header name or an index from 0 (default: 'target', or 1 without header).")
    String targetColumn;

    @Option(
            names = "--max-tokens",
            paramLabel = "N",
            description = "Treat pairs with a side of more than N whitespace-separated tokens as bad rows.")
    Integer maxTokens;

    @Option(
            names = "--max-length-ratio",
            paramLabel = "R",
            description = "Treat pairs whose longer side has more than R times the tokens of the shorter as bad rows.")
    Double maxLengthRatio;

    @Option(names = "--drop-duplicates", description = "Treat repeated identical pairs as bad rows.")
    boolean dropDuplicates;

    CorpusFormat corpusFormat(Path file) {
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
            throw new UsageException(option + " must be a header name or a column index from 0; got '" + value + "' ("
                    + e.getMessage() + ")");
        }
    }

    PairFilter filter() {
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
