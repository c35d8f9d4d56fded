package dev.tolk.data;

import dev.tolk.tokenizer.Whitespace;
import java.io.Closeable;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
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
    private final CsvRecords records;
    private final CorpusReport.Tally tally;
    private final Map<String, Long> seen;
    private final int sourceIndex;
    private final int targetIndex;
    private SentencePair next;
    private boolean done;

    CorpusCursor(InputStream in, String name, CorpusFormat format, PairFilter filter, BadRowPolicy policy) {
        this.name = name;
        this.format = format;
        this.filter = filter;
        this.policy = policy;
        this.tally = new CorpusReport.Tally(name);
        this.seen = filter.dropDuplicates() ? new HashMap<>() : null;
        this.records = new CsvRecords(in, name, format, tally);
        try {
            this.sourceIndex = records.resolve(format.source(), "source");
            this.targetIndex = records.resolve(format.target(), "target");
            if (sourceIndex == targetIndex) {
                throw new CorpusException(name, 1, 0, "source and target are both column index " + sourceIndex, null);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
            CsvRecords.Row row = records.next(this::reject);
            if (row == null) {
                return null;
            }
            long line = row.line();
            String source = row.get(sourceIndex);
            String target = row.get(targetIndex);
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

    private void reject(BadRow row) {
        policy.apply(row, tally, r -> LOG.warn("{} (skipped)", r));
    }

    /** Closes the file. Idempotent. */
    @Override
    public void close() {
        done = true;
        records.close();
    }
}
