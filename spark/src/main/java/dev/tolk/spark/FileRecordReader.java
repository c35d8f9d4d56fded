package dev.tolk.spark;

import dev.tolk.data.BadRow;
import dev.tolk.data.BadRowReason;
import dev.tolk.data.Column;
import dev.tolk.data.CorpusException;
import dev.tolk.data.CorpusFormat;
import dev.tolk.seq2seq.io.SourceRecord;
import dev.tolk.seq2seq.io.TranslationInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * Reads one whole text, CSV/TSV or JSON Lines file with {@code tolk translate}'s own readers, so records, line
 * numbers and bad-record rules are the CLI's: every line (text, JSON Lines) or record (CSV/TSV) is one row {@code
 * (file, line, source, _corrupt)}, an empty line an empty source; invalid UTF-8 or a malformed record fails the task
 * with the CLI's one line {@code file:line: reason}, or, in permissive mode, gives a row with a null source and the
 * reason in {@code _corrupt}. A file whose header is missing or lacks the column fails in either mode, and so does a
 * record the reader cannot get past (e.g. a CSV file after broken quoting). Reading is far cheaper than translating,
 * so a file is read by one task and its records are then spread over the translation tasks.
 */
final class FileRecordReader implements FlatMapFunction<Tuple2<String, PortableDataStream>, Row> {
    private static final long serialVersionUID = 1L;

    private final FileInput input;
    private final boolean permissive;

    FileRecordReader(FileInput input, boolean permissive) {
        this.input = input;
        this.permissive = permissive;
    }

    /** A file's name in rows and messages: the path, without {@code file:} for local files. */
    static String displayName(String uri) {
        return uri.startsWith("file:") ? java.net.URI.create(uri).getPath() : uri;
    }

    @Override
    public Iterator<Row> call(Tuple2<String, PortableDataStream> file) throws IOException {
        String name = displayName(file._1());
        InputStream in = file._2().open();
        Deque<BadRow> skipped = new ArrayDeque<>();
        TranslationInput records;
        try {
            records = open(in, name, skipped);
        } catch (CorpusException e) {
            in.close();
            throw new TolkSparkException(e.getMessage(), e);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
        return new Records(records, name, skipped);
    }

    /** Rows that are not data rows (blank lines excepted: they are no records) go to {@code skipped}. */
    private TranslationInput open(InputStream in, String name, Deque<BadRow> skipped) {
        java.util.function.Consumer<BadRow> bad = r -> {
            if (r.reason() != BadRowReason.BLANK_LINE) {
                skipped.add(r);
            }
        };
        return switch (input.format()) {
            case TEXT -> TranslationInput.text(in, name);
            case CSV ->
                TranslationInput.table(
                        in, name, CorpusFormat.Kind.CSV, input.header(), Column.parse(input.column()), bad);
            case TSV ->
                TranslationInput.table(
                        in, name, CorpusFormat.Kind.TSV, input.header(), Column.parse(input.column()), bad);
            case JSONL -> TranslationInput.jsonLines(in, name, input.column());
            case PARQUET -> throw new IllegalArgumentException("Parquet is read by Spark's own reader");
        };
    }

    /** The rows of one file, read as they are consumed; the file is closed at its end. */
    private final class Records implements Iterator<Row> {
        private final TranslationInput records;
        private final String name;
        private final Deque<BadRow> skipped;
        private Row next;
        private Row held;
        private boolean done;
        private CorpusException last;

        Records(TranslationInput records, String name, Deque<BadRow> skipped) {
            this.records = records;
            this.name = name;
            this.skipped = skipped;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = read();
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }

        private Row read() {
            if (!skipped.isEmpty()) {
                return bad(skipped.poll());
            }
            if (held != null) {
                Row r = held;
                held = null;
                return r;
            }
            try {
                Optional<SourceRecord> l = records.next();
                if (l.isEmpty()) {
                    if (!skipped.isEmpty()) {
                        return bad(skipped.poll());
                    }
                    done = true;
                    records.close();
                    return null;
                }
                Row row = RowFactory.create(name, l.get().line(), l.get().text(), null);
                if (!skipped.isEmpty()) {
                    held = row; // the rows skipped before it come first
                    return bad(skipped.poll());
                }
                return row;
            } catch (CorpusException e) {
                boolean stuck = last != null
                        && last.line() == e.line()
                        && last.getMessage().equals(e.getMessage());
                if (!permissive || stuck) {
                    close();
                    throw new TolkSparkException(
                            e.getMessage() + (stuck ? " (the reader cannot continue past this record)" : ""), e);
                }
                last = e;
                return RowFactory.create(name, e.line(), null, e.getMessage());
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(name + ": " + e.getMessage(), e);
            }
        }

        /** A row the reader skipped: a task failure, or a corrupt row in permissive mode. */
        private Row bad(BadRow row) {
            if (!permissive) {
                close();
                throw new TolkSparkException(row.toString());
            }
            return RowFactory.create(name, row.line(), null, row.toString());
        }

        private void close() {
            done = true;
            try {
                records.close();
            } catch (IOException e) {
                // already failing; the first error is the one reported
            }
        }
    }
}
