package dev.tolk.seq2seq.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Exclusive use of a model directory by one training run: an operating-system lock ({@link FileChannel#tryLock()})
 * on the file {@value #FILE_NAME} in the directory, which holds the owner's process id, host and start time while
 * the run lasts. A second run into the same directory, in this process or another, is refused with one line naming
 * the owner. The operating system releases the lock when its process dies, so a run killed without releasing it
 * leaves only a stale owner line behind: the next run takes the lock and says whose it was. The file itself stays
 * (deleting it would let two runs lock two different files).
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside the model directory. */
    public static final String FILE_NAME = ".tolk-train.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if missing).
     *
     * @param dir the model directory
     * @param clock stamps the start time
     * @param warnings told when a stale lock of a run that ended without releasing it is taken over
     * @return the lock; {@link #close()} releases it
     * @throws TrainingException when another run holds the directory
     * @throws IOException when the lock file cannot be created or written
     */
    public static RunLock acquire(Path dir, Clock clock, Consumer<String> warnings) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this process
        } catch (IOException e) {
            channel.close();
            throw new IOException(file + ": cannot lock the model directory: " + e.getMessage(), e);
        }
        if (lock == null) {
            String owner = read(channel);
            channel.close();
            throw new TrainingException(dir + " is in use by another training run ("
                    + (owner.isBlank() ? "owner unknown" : owner)
                    + "); wait for it to end, or choose another --model-dir");
        }
        try {
            String stale = read(channel);
            if (!stale.isBlank()) {
                warnings.accept(
                        dir + ": taking over the lock of a run that ended without releasing it (" + stale + ")");
            }
            byte[] owner = ("pid " + ProcessHandle.current().pid() + " on host " + host() + ", since "
                            + clock.instant())
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner), 0);
            channel.force(true);
            return new RunLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String read(FileChannel channel) {
        try {
            long size = Math.min(channel.size(), 1000);
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
                // reading
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", " ")
                    .trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Clears the owner line and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.truncate(0);
                channel.force(true);
            }
        } finally {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }
}
