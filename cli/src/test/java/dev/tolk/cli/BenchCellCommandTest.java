package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
            // times are positive; rates of this tiny cell are printed to 2 decimals and may round to 0.00 on a
            // slow or busy machine (4.7 ms per step gave 0.00 GFLOP/s), so they are only checked to be present
            double value = Double.parseDouble(m.group(1));
            assertTrue(key.endsWith("_ms") ? value > 0 : value >= 0, key + " out of range in " + out);
        }
        assertTrue(out.contains("\"backend\":\""), out);
    }

    @Test
    void humanOutputAndUsageErrors() {
        CliRunner.Result r = tinyCell();
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ratio:"), r.out());
        String help = CliRunner.run("bench", "cell", "--help").out().replaceAll("\\s+", " ");
        assertTrue(
                help.contains("--threads=N Matrix-product threads: 1 to 1024, or 0 for all cores (default: 2)."), help);
        CliRunner.Result lstm = tinyCell("--cell", "LSTM", "--json");
        assertEquals(0, lstm.exit(), lstm.err());
        assertTrue(lstm.out().startsWith("{\"benchmark\":\"cell\",\"cell\":\"lstm\","), lstm.out());
        CliRunner.Result badCell = CliRunner.run("bench", "cell", "--cell", "transformer");
        assertEquals(2, badCell.exit());
        assertEquals("tolk: --cell must be one of gru, lstm, rnn, got 'transformer'\n", badCell.err());
        CliRunner.Result bad = CliRunner.run("bench", "cell", "--threads", "1025");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--threads must be in [0, 1024] (0 = all cores), got 1025"), bad.err());
    }

    /** {@code tolk bench cell} on a 2×3→4 layer, 2 steps, one timed iteration, with {@code extra} options. */
    private static CliRunner.Result tinyCell(String... extra) {
        List<String> args = new ArrayList<>(List.of(
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
                "1"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }
}
