package dev.tolk.data;

import java.util.Objects;
import java.util.Optional;

/**
 * An input cannot be read as asked — a parallel corpus, a text file or a CSV/TSV column ({@link TextCursor}):
 * invalid bytes for its encoding, broken CSV quoting, a missing column, a read error, or a bad row under
 * {@link BadRowPolicy#ERROR}. The message reads {@code file:line[:column]: reason}, e.g.
 * {@code train.csv:1234: 3 fields, expected 2}; the parts are available separately. Lines are counted at LF.
 *
 * <p>It is unchecked because the reader streams through {@link java.util.Iterator} and
 * {@link java.util.stream.Stream}. Exceptions of the CSV library (wrapped in
 * {@link java.io.UncheckedIOException}) never escape the reader; they are unwrapped into this type, with the
 * original as the cause.
 */
public final class CorpusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final int column;
    private final String reason;
    private final transient BadRow badRow;

    /**
     * @param file the file name as given to the reader
     * @param line 1-based line, or 0 when unknown
     * @param column 1-based character column within the line, or 0 when unknown
     * @param reason what is wrong and, where possible, what to do
     * @param cause the underlying exception, or null
     */
    public CorpusException(String file, long line, int column, String reason, Throwable cause) {
        super(format(file, line, column, reason), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.column = column;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.badRow = null;
    }

    /** The exception for a bad row under {@link BadRowPolicy#ERROR}. */
    public CorpusException(BadRow row) {
        super(row.toString());
        this.file = row.file();
        this.line = row.line();
        this.column = 0;
        this.reason = row.detail();
        this.badRow = row;
    }

    private static String format(String file, long line, int column, String reason) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(reason).toString();
    }

    /** The file name as given to the reader. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when unknown. */
    public long line() {
        return line;
    }

    /** The 1-based character column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** The problem without the location. */
    public String reason() {
        return reason;
    }

    /** The bad row when this exception reports one under {@link BadRowPolicy#ERROR}. */
    public Optional<BadRow> badRow() {
        return Optional.ofNullable(badRow);
    }
}
