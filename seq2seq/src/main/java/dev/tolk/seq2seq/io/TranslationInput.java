package dev.tolk.seq2seq.io;

import dev.tolk.data.BadRow;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.Column;
import dev.tolk.data.CorpusFormat;
import dev.tolk.data.TextCursor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A source of sentences to translate, one record at a time, each numbered and located. Closing it closes the
 * underlying stream.
 *
 * <p>Formats: {@link #text plain text} (one sentence per line), a {@link #table CSV/TSV column}, and
 * {@link #jsonLines JSON lines}; all are read by the data module's {@link TextCursor} (strict UTF-8, lines counted
 * at LF), so malformed input is a {@link dev.tolk.data.CorpusException} at {@code file:line:column}. Records are
 * returned as soon as their line is read (inputs from a pipe or a terminal stream).
 */
public interface TranslationInput extends Closeable {

    /**
     * @return the next record, or empty at the end of the input
     * @throws dev.tolk.data.CorpusException on malformed input
     * @throws IOException when reading fails
     */
    Optional<SourceRecord> next() throws IOException;

    /** Every remaining record, in order. */
    default List<SourceRecord> readAll() throws IOException {
        List<SourceRecord> out = new ArrayList<>();
        for (Optional<SourceRecord> r = next(); r.isPresent(); r = next()) {
            out.add(r.get());
        }
        return out;
    }

    /**
     * @param in UTF-8 text, one sentence per line (LF or CRLF); every line is a record, empty ones included
     * @param name the input's name for messages ({@code <stdin>} or the file name)
     */
    static TranslationInput text(InputStream in, String name) {
        return of(TextCursor.lines(in, name));
    }

    /**
     * One column of a CSV (RFC 4180) or TSV (no quoting) input. Rows that are not data rows (blank lines, a field
     * count unlike the header's, a row split by a stray carriage return) produce no record and are passed to
     * {@code skipped}.
     *
     * @param kind CSV or TSV
     * @param header whether the first record names the columns (it is not translated)
     * @param column a header name or a 0-based index
     * @throws dev.tolk.data.CorpusException when the header is missing or lacks the column
     */
    static TranslationInput table(
            InputStream in,
            String name,
            CorpusFormat.Kind kind,
            boolean header,
            Column column,
            Consumer<BadRow> skipped) {
        CorpusFormat format = CorpusFormat.builder(kind).header(header).build();
        return of(TextCursor.column(in, name, format, column, BadRowPolicy.WARN, skipped));
    }

    /**
     * @param in UTF-8 JSON lines: one object per line, the sentence in the string field {@code field}; a blank line
     *     is an empty sentence
     */
    static TranslationInput jsonLines(InputStream in, String name, String field) {
        return new JsonLinesInput(TextCursor.lines(in, name), name, field);
    }

    /** The texts of {@code texts} as records {@code 0..n-1} on lines {@code 1..n}. */
    static TranslationInput of(List<String> texts) {
        Iterator<String> it = texts.iterator();
        long[] id = {0};
        return new TranslationInput() {
            @Override
            public Optional<SourceRecord> next() {
                if (!it.hasNext()) {
                    return Optional.empty();
                }
                long i = id[0]++;
                return Optional.of(new SourceRecord(i, i + 1, it.next()));
            }

            @Override
            public void close() {}
        };
    }

    /** The records of {@code records}, in order (e.g. a block of a batch job's rows with their own lines). */
    static TranslationInput ofRecords(List<SourceRecord> records) {
        Iterator<SourceRecord> it = records.iterator();
        return new TranslationInput() {
            @Override
            public Optional<SourceRecord> next() {
                return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    private static TranslationInput of(TextCursor cursor) {
        long[] id = {0};
        return new TranslationInput() {
            @Override
            public Optional<SourceRecord> next() {
                if (!cursor.hasNext()) {
                    return Optional.empty();
                }
                var r = cursor.next();
                return Optional.of(new SourceRecord(id[0]++, r.line(), r.text()));
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }
}
