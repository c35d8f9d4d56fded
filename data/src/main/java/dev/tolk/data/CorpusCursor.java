package dev.tolk.data;

import dev.tolk.tokenizer.Whitespace;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming pass over one corpus file: an {@link Iterator} of the accepted pairs, plus the
 * {@link #report()} of what was read and skipped so far. Memory stays constant (except for duplicate
 * detection). Obtain from {@link CsvCorpusReader#open}; single-threaded; close it when done.
 *
 * <p>{@link #hasNext()} and {@link #next()} throw {@link CorpusException} for malformed input and, under
 * {@link BadRowPolicy#ERROR}, for the first bad row. After an exception the cursor is closed.
 */
public final class CorpusCursor implements Iterator<SentencePair>, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(CorpusCursor.class);

    private final String name;
    private final CorpusFormat format;
    private final PairFilter filter;
    private final BadRowPolicy policy;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CorpusReport.Tally tally;
    private final Map<String, Long> seen;
    private int sourceIndex;
    private int targetIndex;
    private int expectedFields = -1;
    private long lineBefore;
    private SentencePair next;
    private boolean done;

    CorpusCursor(InputStream in, String name, CorpusFormat format, PairFilter filter, BadRowPolicy policy) {
        this.name = name;
        this.format = format;
        this.filter = filter;
        this.policy = policy;
        this.tally = new CorpusReport.Tally(name);
        this.seen = filter.dropDuplicates() ? new HashMap<>() : null;
        StrictDecodingReader reader = new StrictDecodingReader(in, format.charset(), format.allowBom());
        try {
            this.parser = CSVParser.builder()
                    .setReader(reader)
                    .setFormat(format.csvFormat())
                    .get();
        } catch (IOException e) {
            throw new CorpusException(name, 1, 0, "cannot read: " + e.getMessage(), e);
        }
        this.records = parser.iterator();
        this.sourceIndex = format.source().index();
        this.targetIndex = format.target().index();
        try {
            if (format.header()) {
                readHeader();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void readHeader() {
        CSVRecord header = nextRecord();
        if (header == null) {
            throw new CorpusException(name, 1, 0, "the file is empty but a header row is expected", null);
        }
        expectedFields = header.size();
        sourceIndex = resolve(header, format.source(), "source");
        targetIndex = resolve(header, format.target(), "target");
        if (sourceIndex == targetIndex) {
            throw new CorpusException(name, 1, 0, "source and target are both column index " + sourceIndex, null);
        }
    }

    private int resolve(CSVRecord header, Column column, String role) {
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
                    "no " + role + " column " + column + " in the header " + header.toList() + "; choose the " + role
                            + " column by name or index",
                    null);
        }
        return found;
    }

    private static String fields(int n) {
        return n == 1 ? "1 field" : n + " fields";
    }

    /** The next raw record, or null at the end; translates the CSV library's exceptions. */
    private CSVRecord nextRecord() {
        lineBefore = parser.getCurrentLineNumber();
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        }
    }

    private CorpusException translate(Throwable e) {
        long start = lineBefore + 1;
        if (e instanceof StrictDecodingReader.DecodingFailure f) {
            return new CorpusException(name, f.line, f.column, f.getMessage(), f);
        }
        if (e instanceof CSVException) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("eof reached before encapsulated token finished")) {
                return new CorpusException(
                        name,
                        start,
                        0,
                        "a quoted field starts in this record but its closing"
                                + " quote is missing before the end of the file; close the quote or double quotes inside the field"
                                + " (\"\")",
                        e);
            }
            if (m.contains("invalid character between encapsulated token and delimiter")) {
                return new CorpusException(
                        name,
                        start,
                        0,
                        "characters after the closing quote of a quoted field in the"
                                + " record starting here; a quote inside a quoted field must be doubled (\"\")",
                        e);
            }
            return new CorpusException(name, start, 0, "malformed " + format.kind() + ": " + e.getMessage(), e);
        }
        return new CorpusException(name, start, 0, "read error: " + e.getMessage(), e);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = advance();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            if (next == null) {
                done = true;
                close();
                tally.snapshot().summaryLine("").ifPresent(summary -> LOG.debug("{}", summary));
            }
        }
        return next != null;
    }

    @Override
    public SentencePair next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more pairs in " + name);
        }
        SentencePair p = next;
        next = null;
        return p;
    }

    /** Counts and bad rows of the records read so far (the whole file once {@link #hasNext()} is false). */
    public CorpusReport report() {
        return tally.snapshot();
    }

    private SentencePair advance() {
        while (true) {
            CSVRecord rec = nextRecord();
            if (rec == null) {
                return null;
            }
            long line = lineBefore + 1;
            tally.row();
            int n = rec.size();
            if (n == 1 && rec.get(0).isEmpty()) {
                reject(new BadRow(name, line, BadRowReason.BLANK_LINE, "blank line"));
                continue;
            }
            if (expectedFields < 0) {
                expectedFields = n;
                int needed = Math.max(sourceIndex, targetIndex) + 1;
                if (n < needed) {
                    throw new CorpusException(
                            name,
                            line,
                            0,
                            "the first record has " + fields(n) + " but the "
                                    + (sourceIndex > targetIndex ? "source" : "target") + " column is index "
                                    + (needed - 1),
                            null);
                }
            }
            if (n != expectedFields) {
                BadRowReason reason = n < expectedFields ? BadRowReason.TOO_FEW_FIELDS : BadRowReason.TOO_MANY_FIELDS;
                reject(new BadRow(name, line, reason, fields(n) + ", expected " + expectedFields));
                continue;
            }
            String source = rec.get(sourceIndex);
            String target = rec.get(targetIndex);
            boolean noSource = Whitespace.isBlank(source);
            boolean noTarget = Whitespace.isBlank(target);
            if (noSource || noTarget) {
                BadRowReason reason = noSource && noTarget
                        ? BadRowReason.EMPTY_PAIR
                        : noSource ? BadRowReason.EMPTY_SOURCE : BadRowReason.EMPTY_TARGET;
                String detail = noSource && noTarget
                        ? "empty source and target"
                        : noSource
                                ? "empty source (" + format.source() + ")"
                                : "empty target (" + format.target() + ")";
                reject(new BadRow(name, line, reason, detail));
                continue;
            }
            if (filter.countsTokens() && !withinLimits(source, target, line)) {
                continue;
            }
            if (seen != null) {
                Long first = seen.putIfAbsent(source + '\u0000' + target, line);
                if (first != null) {
                    reject(new BadRow(name, line, BadRowReason.DUPLICATE, "duplicate of the pair on line " + first));
                    continue;
                }
            }
            tally.pair();
            return new SentencePair(source, target, line);
        }
    }

    private boolean withinLimits(String source, String target, long line) {
        int s = filter.tokenCounter().applyAsInt(source);
        int t = filter.tokenCounter().applyAsInt(target);
        int max = filter.maxTokens();
        if (s > max || t > max) {
            String side = s > max ? "source has " + s : "target has " + t;
            reject(new BadRow(name, line, BadRowReason.TOO_LONG, side + " tokens, more than the maximum " + max));
            return false;
        }
        double ratio = (double) Math.max(s, t) / Math.max(1, Math.min(s, t));
        if (ratio > filter.maxLengthRatio()) {
            reject(new BadRow(
                    name,
                    line,
                    BadRowReason.LENGTH_RATIO,
                    String.format(
                            Locale.ROOT,
                            "length ratio %.2f (source %d tokens, target %d) is above the maximum %s",
                            ratio,
                            s,
                            t,
                            trim(filter.maxLengthRatio()))));
            return false;
        }
        return true;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Applies the policy to a bad row: counts (and logs) it, or throws under ERROR. */
    private void reject(BadRow row) {
        if (policy == BadRowPolicy.ERROR) {
            throw new CorpusException(row);
        }
        tally.bad(row);
        if (policy == BadRowPolicy.WARN) {
            LOG.warn("{} (skipped)", row);
        }
    }

    /** Closes the file. Idempotent. */
    @Override
    public void close() {
        done = true;
        try {
            parser.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", name, e);
        }
    }
}
