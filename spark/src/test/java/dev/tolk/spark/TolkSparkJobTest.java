package dev.tolk.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The launcher's usage errors and messages, without starting Spark. */
class TolkSparkJobTest {
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TolkSparkJob.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        String[] r = run("translate", "--model", "m", "--input", "in.txt", "--output", "o", "--input-format", "xml");
        assertEquals("2", r[0]);
        assertEquals("tolk-spark: input format must be one of text, csv, tsv, jsonl, parquet, got 'xml'\n", r[2]);
        r = run("translate", "--model", "m", "--input", "in.txt", "--output", "o", "--beam", "0");
        assertEquals("2", r[0]);
        assertEquals("tolk-spark: --beam must be in [1, 1000], got 0\n", r[2]);
        r = run(
                "translate",
                "--model",
                "m",
                "--input",
                "in.csv",
                "--output",
                "o",
                "--input-format",
                "csv",
                "--no-header",
                "--column",
                "text");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("column 'text' is a name but the input has no header"), r[2]);
        r = run("translate", "--model", "m", "--input", "in.txt", "--output", "o", "--precision", "fp16");
        assertEquals("2", r[0]);
        assertEquals("tolk-spark: unknown precision 'fp16': valid precisions are fp32, bf16, int8\n", r[2]);
        r = run("translate", "--model", "m");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("Missing required options"), r[2]);
        r = run("--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("translate"), r[1]);
    }

    @Test
    void aTaskFailureReportedOnlyInSparksMessageIsFoundThere() {
        SparkException e = new SparkException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times, "
                + "most recent failure: Lost task 0.3 in stage 3.0 (TID 9) (10.0.0.7 executor 2): "
                + "dev.tolk.spark.TolkSparkException: /data/in.txt:17: invalid UTF-8 (byte 0xe9 at byte 7 of the "
                + "line); convert the input to UTF-8, e.g. iconv -f latin1 -t utf-8\n\tat dev.tolk.spark.X.y(X.java:1)"
                + "\n\nDriver stacktrace:");
        assertEquals(
                "/data/in.txt:17: invalid UTF-8 (byte 0xe9 at byte 7 of the line); convert the input to UTF-8, e.g. "
                        + "iconv -f latin1 -t utf-8",
                TolkSparkJob.userMessage(e));
    }
}
