package dev.tolk.data;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a corpus (or translations, or any table of text) as CSV/TSV atomically: rows go to a temporary file
 * in the target's directory, which {@link #commit()} forces to disk and renames over the target. Until then
 * the target is untouched, and {@link #close()} without a commit deletes the temporary file, so a crash or an
 * exception never leaves a half-written file behind. Single-threaded.
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
    private static final Logger LOG = LoggerFactory.getLogger(CsvCorpusWriter.class);

    private final Path target;
    private final Path temp;
    private final CorpusFormat format;
    private final FileChannel channel;
    private final CSVPrinter printer;
    private final int width;
    private long rows;
    private boolean finished;

    private CsvCorpusWriter(Path target, CorpusFormat format, List<String> header) throws IOException {
        this.target = target.toAbsolutePath();
        this.format = format;
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            Writer w = new OutputStreamWriter(
                    Channels.newOutputStream(ch), format.charset().newEncoder());
            this.printer = new CSVPrinter(w, format.csvFormat());
            this.channel = ch;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            Files.deleteIfExists(temp);
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
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
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
            throw new IllegalStateException("writer for " + target + " is already committed or closed");
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
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        rows++;
    }

    /** Data rows written so far (the header excluded). */
    public long rows() {
        return rows;
    }

    /** Forces the data to disk and renames the temporary file over the target. */
    public void commit() {
        if (finished) {
            throw new IllegalStateException("writer for " + target + " is already committed or closed");
        }
        finished = true;
        try {
            printer.flush();
            channel.force(true);
            printer.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteTemp();
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {} (not supported here)", dir, e);
        }
    }

    /** Abandons the write unless committed: the temporary file is deleted and the target left as it was. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            printer.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", temp, e);
        }
        deleteTemp();
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary file {}: {}", temp, e.getMessage());
        }
    }
}
