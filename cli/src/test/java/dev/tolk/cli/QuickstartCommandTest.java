package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny {@code tolk quickstart} (a few updates on a small corpus): every part of the main job runs. */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void runsEndToEndAndPrintsBleuWithSignatureAndExamples() throws Exception {
        CliRunner.Result r = CliRunner.run(
                "quickstart",
                "--corpus",
                "synthetic",
                "--model-dir",
                dir.toString(),
                "--max-steps",
                "3",
                "--train-pairs",
                "200",
                "--seed",
                "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:"), r.out());
        assertEquals(5, r.out().split("translation: ", -1).length - 1, r.out());
        assertTrue(r.out().contains("for 3 updates"), r.out());
        assertTrue(Files.exists(dir.resolve("model.tolk")));
        assertTrue(Files.exists(dir.resolve("data").resolve("test.csv")));
        // a second run in the same directory replaces the first
        CliRunner.Result again = CliRunner.run(
                "quickstart",
                "--corpus",
                "synthetic",
                "--model-dir",
                dir.toString(),
                "--max-steps",
                "2",
                "--train-pairs",
                "200");
        assertEquals(0, again.exit(), again.err());
        assertEquals(2, CliRunner.run("quickstart", "--max-steps", "0").exit());
    }
}
