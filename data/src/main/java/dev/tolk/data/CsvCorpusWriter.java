package dev.tolk.data;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a corpus (or translations, or any table of text) as CSV/TSV atomically through {@link AtomicFile}: until
 * {@link #commit()} the target is untouched, and {@link #close()} without a commit abandons the content, so a
 * crash or an exception never leaves a half-written file behind. Single-threaded.
 *
 * <pre>{@code
 * try (CsvCorpusWriter w = CsvCorpusWriter.open(path, CorpusFormat.csv(), List.of("source", "target"))) {
 *   for (SentencePair p : pairs) w.writeRow(p.source(), p.target());
 *   w.commit();
 * }
 * }</pre>
 *
 * <p>Lines end with LF. Under TSV without quoting, a field containing a tab or a line break cannot be
 * written and is an {@link IllegalArgumentException}.
 */
public final class CsvCorpusWriter implements AutoCloseable {
    private final AtomicFile file;
    private final CorpusFormat format;
    private final CSVPrinter printer;
    private final int width;
    private long rows;
    private boolean finished;

    private CsvCorpusWriter(Path target, CorpusFormat format, List<String> header) throws IOException {
        this.format = format;
        this.file = AtomicFile.create(target);
        try {
            this.printer = new CSVPrinter(
                    new OutputStreamWriter(file.stream(), format.charset().newEncoder()), format.csvFormat());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        this.width = header.isEmpty() ? -1 : header.size();
        if (!header.isEmpty()) {
            writeRow(header.toArray(String[]::new));
            rows = 0;
        }
    }

    /**
     * Starts writing {@code file}.
     *
     * @param header the header row, or an empty list for none; when given, every row must have its width
     * @throws UncheckedIOException if the temporary file cannot be created
     */
    public static CsvCorpusWriter open(Path file, CorpusFormat format, List<String> header) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        try {
            return new CsvCorpusWriter(file, format, List.copyOf(header));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code pairs} to {@code file} atomically, with a {@code source,target} header when the format has
     * a header (the column names of the format when chosen by name).
     */
    public static void write(Path file, CorpusFormat format, Iterable<SentencePair> pairs) {
        List<String> header = format.header()
                ? List.of(nameOf(format.source(), "source"), nameOf(format.target(), "target"))
                : List.of();
        try (CsvCorpusWriter w = open(file, format, header)) {
            for (SentencePair p : pairs) {
                w.writeRow(p.source(), p.target());
            }
            w.commit();
        }
    }

    private static String nameOf(Column c, String fallback) {
        return c.isNamed() ? c.name() : fallback;
    }

    /** Writes one row. */
    public void writeRow(String... fields) {
        if (finished) {
            throw new IllegalStateException("writer for " + file.target() + " is already committed or closed");
        }
        if (width >= 0 && fields.length != width) {
            throw new IllegalArgumentException(
                    "row " + (rows + 1) + " has " + fields.length + " fields but the" + " header has " + width);
        }
        if (!format.quoting()) {
            for (String f : fields) {
                if (f.indexOf(format.kind().delimiter()) >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("row " + (rows + 1) + ": a field contains a delimiter or line"
                            + " break, which " + format.kind() + " without quoting cannot hold; write with quoting");
                }
            }
        }
        try {
            printer.printRecord((Object[]) fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }

    /** Data rows written so far (the header excluded). */
    public long rows() {
        return rows;
    }

    /** Makes the rows the target's content ({@link AtomicFile#commit()}). */
    public void commit() {
        if (finished) {
            throw new IllegalStateException("writer for " + file.target() + " is already committed or closed");
        }
        finished = true;
        try {
            printer.flush();
            file.commit();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** Abandons the write unless committed: the target is left as it was. */
    @Override
    public void close() {
        finished = true;
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
