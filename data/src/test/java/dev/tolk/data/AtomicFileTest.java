package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaries() throws IOException {
        Path f = dir.resolve("x.txt");
        AtomicFile.writeString(f, "old");
        assertThrows(
                IOException.class,
                () -> AtomicFile.write(f, out -> {
                    out.write("partial".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("x.txt"), names());
        AtomicFile.writeString(f, "new");
        assertEquals("new", Files.readString(f));
    }

    @Test
    void closingWithoutCommitAbandonsTheContent() throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        try (AtomicFile a = AtomicFile.create(f)) {
            Writer w = a.writer();
            w.write("half of the new content");
            w.flush();
            assertEquals("old", Files.readString(f), "nothing replaces the target before the commit");
        }
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("out.txt"), names());
    }

    /** Files.createTempFile makes 0600 files; results are ordinary files, with the permissions of the umask. */
    @Test
    void aNewFileGetsTheUmaskPermissionsAndAReplacedFileKeepsItsOwn() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path f = dir.resolve("new.txt");
        AtomicFile.writeString(f, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicFile.writeString(f, "y");
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aDirectoryIsRefusedByName() {
        IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(dir, "x"));
        assertEquals(dir + ": is a directory; give a file name", e.getMessage());
    }

    @Test
    void aFullDiskNamesTheFile() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(full, "x".repeat(100_000)));
        assertTrue(e.getMessage().startsWith("/dev/full: "), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    }

    @Test
    void aDeviceIsWrittenDirectly() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull));
        AtomicFile.writeString(devNull, "discarded");
        assertTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "still the device");
    }
}
