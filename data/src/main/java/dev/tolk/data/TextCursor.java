package dev.tolk.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The texts of one input, one at a time, each with the line where it starts: every line of a plain-text file
 * ({@link #lines}), or one column of a CSV/TSV file ({@link #column}). Decoding and locating follow the corpus
 * reader's rules ({@link CsvCorpusReader}): strict UTF-8, lines counted at LF, and every error a
 * {@link CorpusException} at {@code file:line:column}. Texts are returned as soon as their line is read, so a
 * cursor over a pipe or a terminal yields each line as it arrives. Single-threaded; close it when done.
 */
public final class TextCursor implements Iterator<TextRecord>, Closeable {
    private final Source source;
    private TextRecord next;
    private boolean done;
    /** The error that ended reading: thrown again by every later call, so no text after it goes missing unseen. */
    private RuntimeException failure;

    private interface Source extends Closeable {
        TextRecord next();

        @Override
        void close();

        CorpusReport report();

        /** Whether reading can go on after the exception just thrown (a line with bad bytes in a text file). */
        default boolean resumable() {
            return false;
        }
    }

    private TextCursor(Source source) {
        this.source = source;
    }

    /**
     * Every line of UTF-8 text, empty lines included: lines end at LF, a CR right before the LF is dropped (CRLF
     * files), a leading byte order mark is skipped, a last line without LF counts. A line with bytes that are not
     * UTF-8 is a {@link CorpusException} at its line and column; reading may go on after it, with the next line.
     * Closing the cursor closes {@code in}.
     *
     * @param name the name used in messages, e.g. a file name or {@code <stdin>}
     */
    public static TextCursor lines(InputStream in, String name) {
        return new TextCursor(new Lines(in, name));
    }

    /**
     * One column of a CSV/TSV file, read with the layout of {@code format} (kind, header, quoting, charset, byte
     * order mark; its source and target columns are not used). Bad rows — blank lines, rows whose field count
     * differs from the header's (or the first record's), rows split by a stray carriage return — are handled by
     * {@code policy}: skipped, skipped and passed to {@code warnings}, or a {@link CorpusException}. An empty field
     * is an empty text. Closing the cursor closes {@code in}.
     *
     * @throws CorpusException when the header is missing or lacks the column
     */
    public static TextCursor column(
            InputStream in,
            String name,
            CorpusFormat format,
            Column column,
            BadRowPolicy policy,
            Consumer<BadRow> warnings) {
        return new TextCursor(new ColumnSource(in, name, format, column, policy, warnings));
    }

    @Override
    public boolean hasNext() {
        if (failure != null) {
            throw failure;
        }
        if (next == null && !done) {
            try {
                next = source.next();
            } catch (RuntimeException e) {
                if (!source.resumable()) {
                    close();
                    failure = e;
                }
                throw e;
            }
            if (next == null) {
                close();
            }
        }
        return next != null;
    }

    @Override
    public TextRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more texts");
        }
        TextRecord r = next;
        next = null;
        return r;
    }

    /** Rows read and skipped so far (CSV/TSV; for text, every line is a row). */
    public CorpusReport report() {
        return source.report();
    }

    /** Closes the input. Idempotent. */
    @Override
    public void close() {
        done = true;
        source.close();
    }

    private static final class Lines implements Source {
        private final String name;
        private final StrictDecodingReader reader;
        private final CorpusReport.Tally tally;
        private final char[] buffer = new char[8192];
        private final StringBuilder text = new StringBuilder();
        private int position;
        private int limit;
        private long consumed;
        private long line;
        private boolean closed;
        private boolean resync;

        Lines(InputStream in, String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.reader = new StrictDecodingReader(in, StandardCharsets.UTF_8, true);
            this.tally = new CorpusReport.Tally(name);
        }

        @Override
        public boolean resumable() {
            return resync && !closed;
        }

        @Override
        public TextRecord next() {
            if (resync && !skipBadLine()) {
                return null;
            }
            text.setLength(0);
            boolean any = false;
            while (true) {
                if (position == limit && !refill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                any = true;
                int end = position;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                text.append(buffer, position, end - position);
                consumed += end - position;
                if (end < limit) {
                    position = end + 1;
                    consumed++;
                    break;
                }
                position = end;
            }
            int n = text.length();
            if (n > 0 && text.charAt(n - 1) == '\r') {
                text.setLength(n - 1);
            }
            reader.mark(consumed);
            line++;
            tally.row();
            tally.pair();
            return new TextRecord(line, text.toString());
        }

        /** Passes over the rest of the line with bad bytes; false at the end of the input. */
        private boolean skipBadLine() {
            reader.skipMalformed();
            resync = false;
            while (true) {
                if (position == limit && !refillPastBadBytes()) {
                    line++;
                    tally.row();
                    return false;
                }
                int end = position;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                consumed += end - position;
                if (end < limit) {
                    position = end + 1;
                    consumed++;
                    line++;
                    tally.row();
                    reader.mark(consumed);
                    return true;
                }
                position = end;
            }
        }

        /** {@link #refill()} while passing over a bad line: further bad bytes on it are skipped too. */
        private boolean refillPastBadBytes() {
            while (true) {
                try {
                    return refill();
                } catch (CorpusException e) {
                    if (!resync) {
                        throw e;
                    }
                    reader.skipMalformed();
                    resync = false;
                }
            }
        }

        private boolean refill() {
            try {
                int n = reader.read(buffer, 0, buffer.length);
                position = 0;
                limit = Math.max(0, n);
                return n > 0;
            } catch (StrictDecodingReader.DecodingFailure f) {
                resync = f.getCause() == null; // bad bytes: the next line can be read; a read error ends it
                throw new CorpusException(name, f.line, f.column, f.getMessage(), f);
            } catch (IOException e) {
                throw new CorpusException(name, line + 1, 0, "read error: " + e.getMessage(), e);
            }
        }

        @Override
        public CorpusReport report() {
            return tally.snapshot();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    reader.close();
                } catch (IOException e) {
                    // nothing was lost: reading is over
                }
            }
        }
    }

    private static final class ColumnSource implements Source {
        private final CsvRecords records;
        private final CorpusReport.Tally tally;
        private final BadRowPolicy policy;
        private final Consumer<BadRow> warnings;
        private final int index;

        ColumnSource(
                InputStream in,
                String name,
                CorpusFormat format,
                Column column,
                BadRowPolicy policy,
                Consumer<BadRow> warnings) {
            this.tally = new CorpusReport.Tally(name);
            this.policy = Objects.requireNonNull(policy, "policy");
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            this.records = new CsvRecords(in, name, format, tally);
            try {
                this.index = records.resolve(column, "input");
            } catch (RuntimeException e) {
                records.close();
                throw e;
            }
        }

        @Override
        public TextRecord next() {
            CsvRecords.Row row = records.next(r -> policy.apply(r, tally, warnings));
            if (row == null) {
                return null;
            }
            tally.pair();
            return new TextRecord(row.line(), row.get(index));
        }

        @Override
        public CorpusReport report() {
            return tally.snapshot();
        }

        @Override
        public void close() {
            records.close();
        }
    }
}
