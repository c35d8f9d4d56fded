package dev.tolk.seq2seq.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces files atomically: the content goes to a temporary file in the target's directory, is forced to disk,
 * and is renamed over the target, then the directory is forced. A reader sees the old file or the new one, never
 * a partial one; a crash leaves at most a hidden {@code .name.*.tmp} file behind.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    /** The temporary files of {@link #write}: {@code Files.createTempFile(dir, "." + name + ".", ".tmp")}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

    /** Writes content to a stream; may throw to abandon the write, leaving the target untouched. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * @param out the temporary file's stream (buffered); do not close it
         * @throws IOException to abandon the write
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * @param target the file to create or replace; its parent directories are created
     * @param writer produces the content
     * @throws IOException when writing fails (the target is then unchanged) or the file system cannot rename
     *     atomically
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel channel =
                            FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(abs + ": the file system cannot rename atomically; write to a local disk", e);
            }
            done = true;
            forceDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * @param target the file to create or replace
     * @param text written as UTF-8
     * @throws IOException when writing fails (the target is then unchanged)
     */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /**
     * Deletes the temporary files a killed writer left in {@code dir}: names {@code .<target>.<digits>.tmp} as this
     * class creates them. Only call it while no writer can be running in {@code dir} (e.g. under a {@code RunLock}).
     *
     * @param dir the directory (nothing happens when it does not exist)
     * @return the files deleted
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

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename itself is still atomic there.
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
