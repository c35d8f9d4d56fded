package dev.tolk.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {
    @TempDir
    Path dir;

    @Test
    void sha256MatchesTheKnownDigest() throws IOException {
        // FIPS 180-2 test vector: SHA-256("abc")
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ModelSource.sha256(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void anExecutorRefusesAFileThatIsNotTheOneTheDriverChecked() throws IOException {
        Path f = dir.resolve("model.tolk");
        Files.writeString(f, "abc");
        ModelSource ok = new ModelSource(
                f.toUri().toString(),
                "model.tolk",
                false,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        ok.verify(f);
        assertEquals(f, ok.localPath());
        Files.writeString(f, "abd");
        IOException e = assertThrows(IOException.class, () -> ok.verify(f));
        assertTrue(
                e.getMessage().startsWith(f + ": the model differs from the one the driver checked"), e.getMessage());
    }
}
