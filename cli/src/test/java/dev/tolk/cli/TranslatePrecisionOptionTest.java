package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tolk translate --precision}: the choices are checked before the model is read. */
class TranslatePrecisionOptionTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownPrecisionIsAUsageErrorListingTheChoices() {
        CliRunner.Result r = CliRunner.run(
                "translate", "--model", dir.resolve("absent").toString(), "--precision", "fp16", "--input", "-");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--precision") && r.err().contains("fp32, bf16, int8"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void helpNamesThePrecisions() {
        CliRunner.Result r = CliRunner.run("translate", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("--precision=fp32|bf16|int8"), r.out());
    }
}
