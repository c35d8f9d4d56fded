package dev.tolk.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Tolk writes a file that must never be left half-written: the content goes to a temporary file beside
 * the target ({@code .name.RANDOM.tmp}, same directory, so the rename cannot cross file systems), is forced to
 * disk on {@link #commit()}, and is renamed over the target, then the directory is forced. A reader sees the old
 * file or the new one; if writing fails, or the output is {@link #close() closed} without a commit, the temporary
 * file is deleted and an existing target is untouched. A crash leaves at most a hidden {@code .tmp} file.
 *
 * <p>Permissions: a new file gets the permissions the user's umask gives any new file (the temporary file is
 * created like any other file, not with {@code Files.createTempFile}'s 0600); a replaced file keeps its own.
 *
 * <p>Targets that exist but are not regular files (a device such as {@code /dev/null} or {@code /dev/stdout}, a
 * named pipe) are written directly: they cannot be replaced, and there is nothing to protect. A directory is
 * refused. Every I/O error (a full disk, an I/O error, a missing directory) names the target, and a write error
 * makes {@link #commit()} fail even when the writer in between (a {@code PrintWriter}) swallowed it.
 *
 * <pre>{@code
 * try (AtomicFile f = AtomicFile.create(path)) {
 *     Writer w = f.writer();
 *     w.write(text);
 *     f.commit();
 * }
 * }</pre>
 */
public final class AtomicFile implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
    /** The names of the temporary files: {@code .<target>.<random digits>.tmp}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

    /** Writes content to a stream; may throw to abandon the write, leaving the target untouched. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * @param out the stream to write to (buffered); do not close it
         * @throws IOException to abandon the write
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final Named out;
    private Writer writer;
    private boolean committed;
    private boolean closed;

    private AtomicFile(Path target, Path temporary, FileChannel channel, OutputStream raw) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.out = new Named(new BufferedOutputStream(raw, 1 << 16), target);
    }

    /**
     * Starts replacing (or creating) {@code target}; its parent directories are created.
     *
     * @throws IOException naming the target when it is a directory or no temporary file can be created beside it
     */
    public static AtomicFile create(Path target) throws IOException {
        Path abs = Objects.requireNonNull(target, "target").toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a directory; give a file name");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            return new AtomicFile(abs, null, null, Files.newOutputStream(abs, StandardOpenOption.WRITE));
        }
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = temporaryBeside(abs);
            if (Files.exists(abs)) {
                copyPermissions(abs, tmp);
            }
            FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
            return new AtomicFile(abs, tmp, ch, Channels.newOutputStream(ch));
        } catch (IOException e) {
            throw new IOException(target + ": cannot create a temporary file beside it: " + describe(e), e);
        }
    }

    /**
     * Writes {@code target} atomically with the content {@code writer} produces.
     *
     * @throws IOException naming the target when writing fails (the target is then unchanged)
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        try (AtomicFile f = create(target)) {
            writer.writeTo(f.stream());
            f.commit();
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** The target file (absolute). */
    public Path target() {
        return target;
    }

    /** The content's stream (buffered; its errors name the target). Do not close it: commit or close this. */
    public OutputStream stream() {
        return out;
    }

    /** A UTF-8 writer over {@link #stream()}, the same one on every call. */
    public Writer writer() {
        if (writer == null) {
            writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        }
        return writer;
    }

    /**
     * Makes the content the target's: flushes, forces it to disk, renames it over the target, forces the
     * directory.
     *
     * @throws IOException naming the target; the target is then unchanged
     */
    public void commit() throws IOException {
        if (committed || closed) {
            throw new IllegalStateException(target + ": already " + (committed ? "committed" : "closed"));
        }
        if (writer != null) {
            writer.flush();
        }
        out.flush();
        if (out.failure != null) {
            throw out.failure; // a write failed earlier, though a PrintWriter may have swallowed it
        }
        if (temporary == null) {
            committed = true;
            out.close();
            return;
        }
        try {
            channel.force(true);
            channel.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(target + ": the file system cannot rename atomically; write to a local disk", e);
        } catch (IOException e) {
            throw new IOException(target + ": " + describe(e), e);
        }
        committed = true;
        forceDirectory(target.getParent());
    }

    /** Ends the output: without a {@link #commit()}, deletes the temporary file and leaves the target as it was. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (committed) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("closing the abandoned output of {}: {}", target, e.toString());
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Deletes the temporary files killed writers left in {@code dir}: names {@code .<target>.<random>.tmp} as this
     * class creates them. Only call it while no writer can be running in {@code dir} (e.g. under a run lock).
     *
     * @param dir the directory (nothing happens when it does not exist)
     * @return the files deleted, sorted
     * @throws IOException when the directory cannot be listed or a file cannot be deleted
     */
    public static List<Path> deleteLeftovers(Path dir) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (LEFTOVER.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
                    Files.delete(f);
                    deleted.add(f);
                }
            }
        }
        deleted.sort(null);
        return deleted;
    }

    private static Path temporaryBeside(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + random + ".tmp");
            try {
                return Files.createFile(tmp); // no attributes: the umask decides, as for any new file
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (view != null) {
            Files.setPosixFilePermissions(to, view.readAttributes().permissions());
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename itself is still atomic there.
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** The reason of an I/O error without a path the JDK may have put in front (the caller names the target). */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() != null ? " (" + fse.getFile() + ")" : "");
        }
        return String.valueOf(e.getMessage());
    }

    /** A stream whose I/O errors name the file, and which remembers the first. */
    private static final class Named extends FilterOutputStream {
        private final Path file;
        private IOException failure;

        Named(OutputStream out, Path file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw named(e);
            }
        }

        private IOException named(IOException e) {
            IOException n = e.getMessage() != null && e.getMessage().startsWith(file.toString())
                    ? e
                    : new IOException(file + ": " + describe(e), e);
            if (failure == null) {
                failure = n;
            }
            return n;
        }
    }
}
