package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code tolk bench cell} on tiny shapes (speed is measured by running the command, not by this test). */
class BenchCellCommandTest {

    @Test
    void printsJsonWithTimesAndRatio() {
        CliRunner.Result r = CliRunner.run(
                "bench",
                "cell",
                "--json",
                "--threads",
                "1",
                "--batch",
                "4",
                "--input",
                "8",
                "--hidden",
                "6",
                "--steps",
                "3",
                "--warmup",
                "1",
                "--iterations",
                "3");
        assertEquals(0, r.exit(), r.err());
        String out = r.out().trim();
        assertTrue(
                out.startsWith("{\"benchmark\":\"cell\",\"cell\":\"gru\",\"batch\":4,\"input\":8,\"hidden\":6,"
                        + "\"steps\":3,"),
                out);
        for (String key : new String[] {"median_ms", "gflops", "gemm_median_ms", "gemm_gflops", "ratio"}) {
            Matcher m = Pattern.compile("\"" + key + "\":([0-9.]+)").matcher(out);
            assertTrue(m.find(), key + " missing in " + out);
            assertTrue(Double.parseDouble(m.group(1)) > 0, key + " is not positive in " + out);
        }
        assertTrue(out.contains("\"backend\":\""), out);
    }

    @Test
    void humanOutputAndUsageErrors() {
        CliRunner.Result r = CliRunner.run(
                "bench",
                "cell",
                "--batch",
                "2",
                "--input",
                "3",
                "--hidden",
                "4",
                "--steps",
                "2",
                "--warmup",
                "0",
                "--iterations",
                "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ratio:"), r.out());
        String help = CliRunner.run("bench", "cell", "--help").out().replaceAll("\\s+", " ");
        assertTrue(
                help.contains("--threads=N Matrix-product threads: 1 to 1024, or 0 for all cores (default: 2)."), help);
        CliRunner.Result bad = CliRunner.run("bench", "cell", "--threads", "1025");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--threads must be in [0, 1024] (0 = all cores), got 1025"), bad.err());
    }
}
