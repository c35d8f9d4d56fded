package dev.tolk.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny model's directory is removed with everything in it, so a test run leaves nothing behind in /tmp. */
class TinyModelTest {
    @Test
    void deleteTreeRemovesTheDirectoryAndEverythingUnderIt(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("tiny");
        Files.createDirectories(root.resolve("model/checkpoints"));
        Files.writeString(root.resolve("train.csv"), "source,target\na,b\n");
        Files.write(root.resolve("model/checkpoints/ckpt-000000000120.tolk"), new byte[] {1, 2, 3});
        Files.writeString(root.resolve("model/steps.jsonl"), "{}\n");

        TinyModel.deleteTree(root);

        assertFalse(Files.exists(root));
        assertTrue(Files.isDirectory(tmp), "the parent stays");
    }

    @Test
    void deleteTreeOfAMissingDirectoryDoesNothing(@TempDir Path tmp) {
        TinyModel.deleteTree(tmp.resolve("never-made"));
        assertTrue(Files.isDirectory(tmp));
    }
}
