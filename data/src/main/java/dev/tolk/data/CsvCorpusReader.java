package dev.tolk.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads parallel corpora from CSV/TSV files with commons-csv: strictly decoded, pairs never shifted, bad rows
 * handled by a {@link BadRowPolicy} and counted in a {@link CorpusReport}. Immutable and thread-safe; each
 * {@link #open} returns an independent single-threaded {@link CorpusCursor}.
 *
 * <p>Checks, in order, for every data record: the field count must equal the header's (without a header: the
 * first record's), a blank line is reported as such; both sides must be non-blank (the pair is dropped as a
 * whole, never one side); then the {@link PairFilter} limits. Malformed input (bytes invalid in the encoding,
 * an unclosed or misplaced quote, a missing column) is a {@link CorpusException} under every policy.
 *
 * <pre>{@code
 * CsvCorpusReader reader = new CsvCorpusReader(CorpusFormat.csv(), PairFilter.NONE, BadRowPolicy.SKIP);
 * CorpusData data = reader.readAll(Path.of("train.csv"));
 * data.report().summaryLine("").ifPresent(log::warn);
 * }</pre>
 */
public final class CsvCorpusReader {
    private final CorpusFormat format;
    private final PairFilter filter;
    private final BadRowPolicy policy;

    /**
     * @param format the file layout
     * @param filter limits on accepted pairs ({@link PairFilter#NONE} for none)
     * @param policy what to do with bad rows
     */
    public CsvCorpusReader(CorpusFormat format, PairFilter filter, BadRowPolicy policy) {
        this.format = Objects.requireNonNull(format, "format");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A reader of {@code format} without limits that skips bad rows. */
    public static CsvCorpusReader of(CorpusFormat format) {
        return new CsvCorpusReader(format, PairFilter.NONE, BadRowPolicy.SKIP);
    }

    /** The file layout. */
    public CorpusFormat format() {
        return format;
    }

    /** The limits on accepted pairs. */
    public PairFilter filter() {
        return filter;
    }

    /** The bad-row policy. */
    public BadRowPolicy policy() {
        return policy;
    }

    /**
     * Opens {@code file} for streaming. The header (if any) is read and checked here.
     *
     * @throws CorpusException if the file does not exist, cannot be read, or its header lacks a column
     */
    public CorpusCursor open(Path file) {
        String name = file.toString();
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new CorpusException(name, 0, 0, "no such file", e);
        } catch (IOException e) {
            throw new CorpusException(name, 0, 0, "cannot open: " + e.getMessage(), e);
        }
        return open(in, name);
    }

    /**
     * Opens a stream (e.g. standard input) for streaming; closing the cursor closes {@code in}.
     *
     * @param name the name used in messages, e.g. {@code <stdin>}
     */
    public CorpusCursor open(InputStream in, String name) {
        return new CorpusCursor(in, name, format, filter, policy);
    }

    /**
     * A lazy stream of the accepted pairs of {@code file}; close it (try-with-resources) to close the file.
     * Bad rows are handled as the policy says; the report is not available through the stream (use
     * {@link #open} for that).
     */
    public Stream<SentencePair> stream(Path file) {
        CorpusCursor cursor = open(file);
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(cursor::close);
    }

    /** Reads all accepted pairs of {@code file} with the report. */
    public CorpusData readAll(Path file) {
        try (CorpusCursor cursor = open(file)) {
            return drain(cursor);
        }
    }

    /** Reads all accepted pairs of {@code in} with the report; closes {@code in}. */
    public CorpusData readAll(InputStream in, String name) {
        try (CorpusCursor cursor = open(in, name)) {
            return drain(cursor);
        }
    }

    /**
     * Reads {@code file} to its end as training would, keeping only the report (so a corpus of any size is checked
     * in constant memory).
     *
     * @throws CorpusException for invalid input, and for the first bad row under {@link BadRowPolicy#ERROR}
     */
    public CorpusReport check(Path file) {
        try (CorpusCursor cursor = open(file)) {
            while (cursor.hasNext()) {
                cursor.next();
            }
            return cursor.report();
        }
    }

    private static CorpusData drain(CorpusCursor cursor) {
        List<SentencePair> pairs = new ArrayList<>();
        while (cursor.hasNext()) {
            pairs.add(cursor.next());
        }
        return new CorpusData(pairs, cursor.report());
    }
}
