package dev.tolk.spark;

import java.io.Serializable;
import java.util.List;

/**
 * The files a job translates.
 *
 * @param paths files, directories or globs, in any file system Spark reads; files are translated in path order
 * @param format the format
 * @param column CSV/TSV: header name or 0-based index; JSON Lines: the string field; Parquet: the string column;
 *     ignored for text
 * @param header CSV/TSV: whether the first record names the columns (it is not translated)
 */
public record FileInput(List<String> paths, InputFormat format, String column, boolean header) implements Serializable {

    /** Validates: at least one path; a column for every format but text; a name (not an index) needs a header. */
    public FileInput {
        if (paths == null || paths.isEmpty() || paths.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException("at least one input path is required");
        }
        paths = List.copyOf(paths);
        if (format == null) {
            throw new IllegalArgumentException("an input format is required: " + InputFormat.choices());
        }
        if (format != InputFormat.TEXT && (column == null || column.isBlank())) {
            throw new IllegalArgumentException(
                    format.name().toLowerCase(java.util.Locale.ROOT) + " input needs a column (--column)");
        }
        if ((format == InputFormat.CSV || format == InputFormat.TSV)
                && !header
                && dev.tolk.seq2seq.config.DataConfig.columnIndex(column) < 0) {
            throw new IllegalArgumentException(
                    "column '" + column + "' is a name but the input has no header; give a 0-based index");
        }
    }

    /** Plain text files, one sentence per line. */
    public static FileInput text(String... paths) {
        return new FileInput(List.of(paths), InputFormat.TEXT, null, true);
    }

    /** A column of CSV files with a header. */
    public static FileInput csv(String column, String... paths) {
        return new FileInput(List.of(paths), InputFormat.CSV, column, true);
    }

    /** A column of TSV files with a header. */
    public static FileInput tsv(String column, String... paths) {
        return new FileInput(List.of(paths), InputFormat.TSV, column, true);
    }

    /** A string field of JSON Lines files. */
    public static FileInput jsonLines(String field, String... paths) {
        return new FileInput(List.of(paths), InputFormat.JSONL, field, true);
    }

    /** A string column of Parquet files. */
    public static FileInput parquet(String column, String... paths) {
        return new FileInput(List.of(paths), InputFormat.PARQUET, column, true);
    }
}
