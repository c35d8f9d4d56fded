package dev.tolk.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a read of a corpus found: data rows read, pairs accepted, and the rows skipped by reason with the
 * first few line numbers of each. Immutable.
 */
public final class CorpusReport {
    /** How many line numbers are kept per reason. */
    public static final int LINES_KEPT = 5;

    private final String file;
    private final long rows;
    private final long pairs;
    private final Map<BadRowReason, Long> counts;
    private final Map<BadRowReason, List<Long>> firstLines;
    private final BadRow firstBadRow;

    private CorpusReport(Tally t) {
        this.file = t.file;
        this.rows = t.rows;
        this.pairs = t.pairs;
        EnumMap<BadRowReason, Long> c = new EnumMap<>(BadRowReason.class);
        EnumMap<BadRowReason, List<Long>> l = new EnumMap<>(BadRowReason.class);
        for (BadRowReason r : BadRowReason.values()) {
            if (t.counts[r.ordinal()] > 0) {
                c.put(r, t.counts[r.ordinal()]);
                l.put(r, List.copyOf(t.lines.get(r)));
            }
        }
        this.counts = Collections.unmodifiableMap(c);
        this.firstLines = Collections.unmodifiableMap(l);
        this.firstBadRow = t.first;
    }

    /** The file name as given to the reader. */
    public String file() {
        return file;
    }

    /** Data records read (the header row excluded), good and bad. */
    public long rows() {
        return rows;
    }

    /** Pairs accepted. */
    public long pairs() {
        return pairs;
    }

    /** Rows skipped, all reasons together. */
    public long skipped() {
        long s = 0;
        for (long c : counts.values()) {
            s += c;
        }
        return s;
    }

    /** Rows skipped for {@code reason}. */
    public long count(BadRowReason reason) {
        return counts.getOrDefault(reason, 0L);
    }

    /** Skipped rows by reason, in {@link BadRowReason} order, reasons with none left out. */
    public Map<BadRowReason, Long> counts() {
        return counts;
    }

    /** The first {@value #LINES_KEPT} line numbers of rows skipped for {@code reason}. */
    public List<Long> firstLines(BadRowReason reason) {
        return firstLines.getOrDefault(reason, List.of());
    }

    /** The first bad row of the file, if any. */
    public Optional<BadRow> firstBadRow() {
        return Optional.ofNullable(firstBadRow);
    }

    /**
     * The one-line summary for a user, empty when nothing was skipped: the first bad row, then the total, e.g.
     * {@code train.csv:1234: 3 fields, expected 2 (skipped; 17 rows skipped in all, see --bad-rows=error)}.
     *
     * @param advice what the user can do, appended inside the parentheses (may be empty)
     */
    public Optional<String> summaryLine(String advice) {
        if (firstBadRow == null) {
            return Optional.empty();
        }
        long n = skipped();
        StringBuilder sb = new StringBuilder(firstBadRow.toString())
                .append(" (skipped; ")
                .append(n)
                .append(n == 1 ? " row" : " rows")
                .append(" skipped in all");
        if (advice != null && !advice.isEmpty()) {
            sb.append(", ").append(advice);
        }
        return Optional.of(sb.append(')').toString());
    }

    /**
     * One line per reason, e.g. {@code rows with too many fields: 12 (lines 5, 9, 14, 20, 31, ...)}.
     */
    public List<String> breakdown() {
        List<String> out = new ArrayList<>();
        counts.forEach((reason, count) -> {
            List<Long> lines = firstLines.get(reason);
            StringBuilder sb = new StringBuilder(reason.label())
                    .append(": ")
                    .append(count)
                    .append(lines.size() == 1 ? " (line " : " (lines ");
            for (int i = 0; i < lines.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(lines.get(i));
            }
            out.add(sb.append(count > lines.size() ? ", ...)" : ")").toString());
        });
        return out;
    }

    @Override
    public String toString() {
        return file + ": " + pairs + " pairs from " + rows + " rows, " + skipped() + " skipped";
    }

    /** The mutable counters behind a report, filled by the reader. */
    static final class Tally {
        private final String file;
        private long rows;
        private long pairs;
        private final long[] counts = new long[BadRowReason.values().length];
        private final Map<BadRowReason, List<Long>> lines = new EnumMap<>(BadRowReason.class);
        private BadRow first;

        Tally(String file) {
            this.file = file;
        }

        void row() {
            rows++;
        }

        void pair() {
            pairs++;
        }

        void bad(BadRow row) {
            counts[row.reason().ordinal()]++;
            List<Long> l = lines.computeIfAbsent(row.reason(), r -> new ArrayList<>(LINES_KEPT));
            if (l.size() < LINES_KEPT) {
                l.add(row.line());
            }
            if (first == null) {
                first = row;
            }
        }

        CorpusReport snapshot() {
            return new CorpusReport(this);
        }
    }
}
