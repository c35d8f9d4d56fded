package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchGemmCommandTest {
    private static final String[] QUICK = {"--repetitions", "2", "--min-time", "0", "--warmup", "0"};

    private static CliRunner.Result run(String... extra) {
        String[] args = new String[3 + QUICK.length + extra.length];
        args[0] = "bench";
        args[1] = "gemm";
        args[2] = "--threads=2";
        System.arraycopy(QUICK, 0, args, 3, QUICK.length);
        System.arraycopy(extra, 0, args, 3 + QUICK.length, extra.length);
        return CliRunner.run(args);
    }

    @Test
    void jsonHasOneResultPerBackendShapeAndLayout() {
        CliRunner.Result r = run("--backend", "all", "--shape", "8x16x12", "--shape", "3x5x7", "--json");
        assertEquals(0, r.exit(), r.err());
        String out = r.out().trim();
        assertTrue(out.startsWith("{\"benchmark\":\"gemm\",\"threads\":2,\"repetitions\":2,"), out);
        assertTrue(out.endsWith("]}"), out);
        // 2 backends × 2 shapes × 3 layouts
        assertEquals(12, count(out, "\"gflops\":"), out);
        // before measuring, each backend warms up the first shape's 3 layouts: 3 calls each without --warmup time
        assertTrue(out.contains("\"run_warmup_calls\":18,"), out);
        assertEquals(6, count(out, "\"backend\":\"java\""), out);
        assertEquals(6, count(out, "\"backend\":\"openblas-"), out);
        assertEquals(4, count(out, "\"op\":\"AtB\""), out);
        assertTrue(out.contains("\"shape\":\"8x16*16x12\",\"op\":\"ABt\",\"m\":8,\"n\":12,\"k\":16"), out);
        Matcher g = Pattern.compile("\"ms_per_product\":([0-9.]+)").matcher(out);
        while (g.find()) {
            assertTrue(Double.parseDouble(g.group(1)) > 0, out);
        }
    }

    @Test
    void tableNamesBackendShapeAndLayout() {
        CliRunner.Result r = run("--backend", "java", "--shape", "4x4x4");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\\R");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[0].contains("GFLOP/s"), r.out());
        assertTrue(lines[2].matches("java\\s+fp32\\s+2\\s+4x4\\*4x4\\s+AtB\\s+[0-9.]+\\s+[0-9.]+\\s*"), lines[2]);
    }

    @Test
    void precisionsAreMeasuredTogetherWithTheirRatioToFp32() {
        assumeTrue(Gemm.get().supports(Precision.INT8), Gemm.get().name() + " does not compute int8");
        CliRunner.Result r = run("--shape", "8x16x12", "--precision", "fp32,bf16,int8", "--json");
        assertEquals(0, r.exit(), r.err());
        String out = r.out().trim();
        assertEquals(9, count(out, "\"gflops\":"), out);
        // the run's warm-up covers every precision: 3 precisions × 3 layouts × 3 calls
        assertTrue(out.contains("\"run_warmup_calls\":27,"), out);
        for (String p : new String[] {"fp32", "bf16", "int8"}) {
            assertEquals(3, count(out, "\"precision\":\"" + p + "\""), out);
        }
        assertEquals(3, count(out, "\"ratio_to_fp32\":1.0}"), out);
        assertTrue(out.contains("\"backend\":\"onednn-"), out);
        assertEquals(Precision.FP32, Gemm.get().precision(), "the benchmark restores the precision");
    }

    @Test
    void theRunWarmsUpItsFirstShapeForTheWarmUpTimeBeforeMeasuring() {
        CliRunner.Result r = CliRunner.run(
                "bench",
                "gemm",
                "--threads=1",
                "--backend",
                "java",
                "--shape",
                "2x2x2",
                "--repetitions",
                "1",
                "--min-time",
                "0",
                "--warmup",
                "0.05",
                "--json");
        assertEquals(0, r.exit(), r.err());
        Matcher m = Pattern.compile("\"run_warmup_calls\":([0-9]+),").matcher(r.out());
        assertTrue(m.find(), r.out());
        // three layouts for 0.05 s each: far more than the minimum of 3 calls apiece
        assertTrue(Long.parseLong(m.group(1)) > 100, r.out());
    }

    @Test
    void aPrecisionTheBackendCannotComputeIsARuntimeError() {
        CliRunner.Result r = run("--backend", "java", "--shape", "4x4x4", "--precision", "bf16");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("bf16"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void badValuesAreUsageErrors() {
        CliRunner.Result precision = run("--precision", "fp32,fp16");
        assertEquals(2, precision.exit());
        assertTrue(precision.err().contains("--precision") && precision.err().contains("fp16"), precision.err());
        CliRunner.Result shape = run("--shape", "4x4");
        assertEquals(2, shape.exit());
        assertTrue(shape.err().contains("--shape") && shape.err().contains("'4x4'"), shape.err());
        CliRunner.Result threads = CliRunner.run("bench", "gemm", "--threads", "-1");
        assertEquals(2, threads.exit());
        assertTrue(threads.err().contains("--threads"), threads.err());
        CliRunner.Result backend = CliRunner.run("bench", "gemm", "--backend", "mkl");
        assertEquals(2, backend.exit());
        assertTrue(backend.err().contains("--backend"), backend.err());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
