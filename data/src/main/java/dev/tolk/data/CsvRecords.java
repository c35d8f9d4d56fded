package dev.tolk.data;

import dev.tolk.data.StrictDecodingReader.Position;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The well-formed rows of a CSV/TSV file, parsed by commons-csv over a {@link StrictDecodingReader}: the one place
 * where Tolk decides what a row is and where it stands. Used by {@link CorpusCursor} (pairs) and
 * {@link TextCursor} (one column).
 *
 * <p>Rules, the same for every reader: lines are counted at LF (see {@link StrictDecodingReader}); a row is
 * located at the line where its record starts. These records are bad rows, passed to the caller's handler and
 * skipped: a blank line; a record whose field count differs from the header's (without a header: the first
 * record's); a record ended by a CR without LF inside an unquoted field (commons-csv ends a record at any CR, so
 * such a CR would split one row into two and invent a pair) — the records it split are one bad row. Malformed
 * input (invalid bytes, a quote left open, text after a closing quote) is a {@link CorpusException} at
 * {@code file:line:column}; commons-csv reports an open quote's line only, so its column is found by scanning the
 * failing record as commons-csv lexes it (a quote opens a field only as the field's first character).
 */
final class CsvRecords implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(CsvRecords.class);
    private static final Pattern POSITION = Pattern.compile("position: ([\\d,]+)");

    /** A well-formed row: its record and the line where it starts. */
    record Row(CSVRecord record, long line) {
        /** Field {@code i}. */
        String get(int i) {
            return record.get(i);
        }
    }

    private final String name;
    private final CorpusFormat format;
    private final StrictDecodingReader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CorpusReport.Tally tally;
    private CSVRecord pending;
    private List<String> header;
    private int expectedFields = -1;
    private int neededFields;
    private String neededRole;

    CsvRecords(InputStream in, String name, CorpusFormat format, CorpusReport.Tally tally) {
        this.name = name;
        this.format = format;
        this.tally = tally;
        this.reader = new StrictDecodingReader(in, format.charset(), format.allowBom());
        try {
            this.parser = CSVParser.builder()
                    .setReader(reader)
                    .setFormat(format.csvFormat())
                    .get();
        } catch (IOException e) {
            throw new CorpusException(name, 1, 0, "cannot read: " + e.getMessage(), e);
        }
        this.records = parser.iterator();
        if (format.header()) {
            Located first = nextRecord();
            if (first == null) {
                throw new CorpusException(name, 1, 0, "the file is empty but a header row is expected", null);
            }
            if (first.strayCr != null) {
                throw new CorpusException(
                        name,
                        first.strayCr.line(),
                        first.strayCr.column(),
                        "the header row ends with a carriage return (CR) without a line feed; old Mac line ends?"
                                + " convert them to LF (e.g. tr '\\r' '\\n')",
                        null);
            }
            header = first.record.toList();
            expectedFields = header.size();
        }
    }

    /** The header row, or null without one. */
    List<String> header() {
        return header;
    }

    /**
     * The index of {@code column} for the {@code role} ("source", "target", "text"), checked against the header;
     * without a header, the first record is checked when it is read.
     */
    int resolve(Column column, String role) {
        if (header == null) {
            if (column.index() + 1 > neededFields) {
                neededFields = column.index() + 1;
                neededRole = role;
            }
            return column.index();
        }
        if (!column.isNamed()) {
            if (column.index() >= header.size()) {
                throw new CorpusException(
                        name,
                        1,
                        0,
                        "the " + role + " column is " + column + " but the header has " + fields(header.size()),
                        null);
            }
            return column.index();
        }
        int found = -1;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equals(column.name())) {
                if (found >= 0) {
                    throw new CorpusException(
                            name,
                            1,
                            0,
                            "the header names two columns " + column + " (indexes " + found + " and " + i
                                    + "); choose the " + role + " column by index",
                            null);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new CorpusException(
                    name,
                    1,
                    0,
                    "no " + role + " column " + column + " in the header " + header + "; choose the " + role
                            + " column by name or index",
                    null);
        }
        return found;
    }

    static String fields(int n) {
        return n == 1 ? "1 field" : n + " fields";
    }

    /**
     * The next well-formed row, or null at the end; every bad row before it is counted as a row and passed to
     * {@code reject} (which may throw).
     */
    Row next(Consumer<BadRow> reject) {
        while (true) {
            Located r = nextRecord();
            if (r == null) {
                return null;
            }
            tally.row();
            if (r.strayCr != null) {
                reject.accept(new BadRow(
                        name,
                        r.line,
                        BadRowReason.STRAY_CARRIAGE_RETURN,
                        "a carriage return (CR) without a line feed at column " + r.strayCr.column()
                                + " ends the record inside a field; remove it (e.g. tr -d '\\r') or quote the field"));
                continue;
            }
            CSVRecord rec = r.record;
            int n = rec.size();
            if (n == 1 && rec.get(0).isEmpty()) {
                reject.accept(new BadRow(name, r.line, BadRowReason.BLANK_LINE, "blank line"));
                continue;
            }
            if (expectedFields < 0) {
                expectedFields = n;
                if (n < neededFields) {
                    throw new CorpusException(
                            name,
                            r.line,
                            0,
                            "the first record has " + fields(n) + " but the " + neededRole + " column is index "
                                    + (neededFields - 1),
                            null);
                }
            }
            if (n != expectedFields) {
                BadRowReason reason = n < expectedFields ? BadRowReason.TOO_FEW_FIELDS : BadRowReason.TOO_MANY_FIELDS;
                reject.accept(new BadRow(name, r.line, reason, fields(n) + ", expected " + expectedFields));
                continue;
            }
            return new Row(rec, r.line);
        }
    }

    /** A record with its start line; {@code strayCr} set when a lone CR ended it (its split parts consumed). */
    private record Located(CSVRecord record, long line, Position strayCr) {}

    private Located nextRecord() {
        CSVRecord rec = pending != null ? pending : fetch();
        pending = null;
        if (rec == null) {
            return null;
        }
        long start = rec.getCharacterPosition();
        reader.mark(start);
        long line = reader.locate(start).line();
        if (!reader.loneCrSince(start)) {
            return new Located(rec, line, null);
        }
        // A CR without LF was read after this record's start: it ended the record if the next one follows it.
        Position strayCr = null;
        while (true) {
            CSVRecord next = fetch();
            if (next == null || reader.charAt(next.getCharacterPosition() - 1) != '\r') {
                pending = next;
                return new Located(rec, line, strayCr);
            }
            if (strayCr == null) {
                strayCr = reader.locate(next.getCharacterPosition() - 1);
            }
        }
    }

    /** The next raw record, or null at the end; translates the CSV library's exceptions. */
    private CSVRecord fetch() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        }
    }

    private CorpusException translate(Throwable e) {
        if (e instanceof StrictDecodingReader.DecodingFailure f) {
            return new CorpusException(name, f.line, f.column, f.getMessage(), f);
        }
        String m = String.valueOf(e.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (e instanceof CSVException && lower.contains("eof reached before encapsulated token finished")) {
            Position p = openQuote();
            return new CorpusException(
                    name,
                    p.line(),
                    p.column(),
                    "this quote opens a field that is never closed before the end of the file (the closing quote"
                            + " is missing); close the quote, or double quotes inside the field (\"\")",
                    e);
        }
        Matcher at = POSITION.matcher(m);
        if (e instanceof CSVException && lower.contains("invalid character between encapsulated token") && at.find()) {
            long offset = Long.parseLong(at.group(1).replace(",", "")) - 1;
            Position p = reader.locate(Math.max(reader.markOffset(), offset));
            return new CorpusException(
                    name,
                    p.line(),
                    p.column(),
                    "a character after the closing quote of a quoted field; a quote inside a quoted field must be"
                            + " doubled (\"\")",
                    e);
        }
        Position p = reader.locate(reader.markOffset());
        return new CorpusException(name, p.line(), 0, "malformed " + format.kind() + ": " + m, e);
    }

    /**
     * The quote left open at the end of the input: scanning from the start of the last record returned (a
     * record boundary), as commons-csv lexes, the last quote that opened a field and never closed.
     */
    private Position openQuote() {
        char quote = '"';
        char delimiter = format.kind().delimiter();
        long open = -1;
        boolean fieldStart = true;
        long o = reader.markOffset();
        for (int c = reader.charAt(o); c >= 0; c = reader.charAt(++o)) {
            if (open >= 0) {
                if (c == quote) {
                    if (reader.charAt(o + 1) == quote) {
                        o++;
                    } else {
                        open = -1;
                        fieldStart = false;
                    }
                }
            } else if (fieldStart && c == quote) {
                open = o;
            } else {
                fieldStart = c == delimiter || c == '\n' || c == '\r';
            }
        }
        return reader.locate(open >= 0 ? open : reader.markOffset());
    }

    /** Closes the input. Idempotent. */
    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", name, e);
        }
    }
}
