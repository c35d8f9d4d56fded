package dev.tolk.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.seq2seq.io.SourceRecord;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tolk on Spark in local mode ({@code local[2,2]}: two cores, a failed task is retried once) against seq2seq's
 * Translator with {@code tolk translate}'s options on the same model: 2,000 lines with empty, blank, long (chunked),
 * duplicate, CRLF and BOM lines give the same translation bytes, in order, through every API, also when a task fails
 * once. Scores agree to float32 rounding, not bit for bit: a sentence's score depends in its last bits on the
 * padded shape of the batch it was decoded in, and Spark's tasks batch other neighbours than one CLI run does.
 */
class TolkTranslatorTest {
    static final int LINES = 2000;

    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path model;
    static Path input;
    static List<SourceRecord> records;
    static List<TranslationResult> reference;
    static byte[] referenceText;
    static final AtomicInteger failedTasks = new AtomicInteger();

    @BeforeAll
    static void setUp() throws Exception {
        Split<SentencePair> corpus = TinyModel.corpus(dir);
        model = TinyModel.train(dir);
        input = dir.resolve("input.txt");
        Files.write(input, inputBytes(corpus));
        try (TranslationInput in = TranslationInput.text(Files.newInputStream(input), input.toString())) {
            records = in.readAll();
        }
        assertEquals(LINES, records.size());
        // what `tolk translate --model M --input input.txt` computes and writes: one block, the CLI's options
        reference = cliTranslations(Translator.load(model));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TranslationOutput out =
                TranslationOutput.text(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false)) {
            for (TranslationResult r : reference) {
                out.write(r);
            }
        }
        referenceText = bytes.toByteArray();
        spark = SparkSession.builder()
                .master("local[2,2]")
                .appName("tolk-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().failed()) {
                    failedTasks.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** What {@code tolk translate} computes for the input with {@code t}: one block, the CLI's decoding options. */
    static List<TranslationResult> cliTranslations(Translator t) {
        var decode = t.decodeConfig();
        decode = decode.withBeam(decode.beamSize(), Math.min(decode.nbest(), decode.beamSize()));
        return t.translate(records.stream().map(SourceRecord::text).toList(), decode, Batching.DEFAULT);
    }

    /**
     * 2,000 lines: a BOM before the first, empty and blank (no-break space) lines, long lines of seven sentences
     * (chunked at 40 tokens), duplicates, a CRLF line and unknown words.
     */
    static byte[] inputBytes(Split<SentencePair> corpus) {
        List<String> sources = Stream.of(corpus.test(), corpus.train())
                .flatMap(List::stream)
                .map(SentencePair::source)
                .toList();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            String s;
            if (i % 97 == 5) {
                s = "";
            } else if (i % 211 == 7) {
                s = "  \u00A0 ";
            } else if (i % 53 == 11) {
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < 7; k++) {
                    b.append(k > 0 ? " " : "").append(sources.get((i * 7 + k) % sources.size()));
                }
                s = b.toString();
            } else if (i % 10 == 3) {
                s = lines.get(i - 3);
            } else if (i == 20) {
                s = "the zzyzx qwerty cats sleep .\r";
            } else {
                s = sources.get(i % sources.size());
            }
            lines.add(s);
        }
        return ("\uFEFF" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] partFiles(Path out) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList()) {
                b.write(Files.readAllBytes(p));
            }
        }
        return b.toByteArray();
    }

    static void assertSameText(byte[] expected, byte[] actual) {
        String[] e = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
        String[] a = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(e.length, a.length, "line count");
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], "line " + (i + 1));
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void textFilesGiveTheBytesOfTolkTranslateInOrder() throws Exception {
        TolkTranslator t = TolkTranslator.builder(model.toString()).build(spark);
        Path out = dir.resolve("out-text");
        TranslationSummary s = t.translateFiles(FileInput.text(input.toString()), out.toString(), OutputFormat.TEXT);
        assertSameText(referenceText, partFiles(out));
        assertEquals(LINES, s.records());
        assertEquals(LINES, s.written());
        assertEquals(0, s.corrupt());
        long empty = records.stream()
                .filter(r -> r.text().isBlank() || r.text().strip().equals("\u00A0"))
                .count();
        assertEquals(empty, s.empty());
        assertTrue(s.partitions() >= 4, "at least two tasks per core: " + s.partitions());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    /**
     * {@code precision(INT8)}: the executors translate with int8 products, giving the translations and scores of
     * {@code tolk translate --precision int8}, and scores that differ from float32's. One task, so that Spark batches
     * the sentences exactly as the CLI does: an int8 product's activation scale is one per batch, so with other
     * batch neighbours a few int8 translations may differ (README, "Determinism").
     */
    @Test
    void int8GivesTheTranslationsOfTolkTranslateAtInt8() throws Exception {
        assumeTrue(Gemm.get().supports(Precision.INT8), Gemm.get().name() + " does not compute int8");
        List<TranslationResult> int8 = cliTranslations(Translator.load(model, Precision.INT8));
        Path out = dir.resolve("out-int8");
        TolkTranslator.builder(model.toString())
                .precision(Precision.INT8)
                .partitions(1)
                .build(spark)
                .translateFiles(FileInput.text(input.toString()), out.toString(), OutputFormat.JSONL);
        String[] rows = new String(partFiles(out), StandardCharsets.UTF_8).split("\n");
        assertEquals(LINES, rows.length);
        ObjectMapper json = new ObjectMapper();
        int differFromFp32 = 0;
        for (int i = 0; i < LINES; i++) {
            JsonNode n = json.readTree(rows[i]);
            TranslationResult r = int8.get(i);
            assertEquals(r.translation(), n.get("translation").asText(), "line " + (i + 1));
            if (!Double.isNaN(r.score())) {
                double s = n.get("score").asDouble();
                assertEquals(r.score(), s, 1e-5 * Math.abs(r.score()), "line " + (i + 1));
                double fp32 = reference.get(i).score();
                differFromFp32 += Math.abs(s - fp32) > 1e-4 * Math.abs(fp32) ? 1 : 0;
            }
        }
        assertTrue(differFromFp32 > LINES / 2, "int8 products ran: " + differFromFp32 + " scores differ from fp32");
        assertEquals(0, ExecutorBackend.running(), "every task released its claim");
    }

    @Test
    void jsonLinesCarryFileLineSourceAndTheSameScores() throws Exception {
        TolkTranslator t = TolkTranslator.builder(model.toString()).build(spark);
        Path out = dir.resolve("out-jsonl");
        t.translateFiles(FileInput.text(input.toString()), out.toString(), OutputFormat.JSONL);
        String[] rows = new String(partFiles(out), StandardCharsets.UTF_8).split("\n");
        assertEquals(LINES, rows.length);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < LINES; i++) {
            JsonNode n = json.readTree(rows[i]);
            TranslationResult r = reference.get(i);
            assertEquals(input.toString(), n.get("file").asText());
            assertEquals(i + 1, n.get("line").asLong());
            assertEquals(r.source().text(), n.get("source").asText(), "line " + (i + 1));
            assertEquals(r.translation(), n.get("translation").asText(), "line " + (i + 1));
            if (Double.isNaN(r.score())) {
                assertNull(n.get("score"), "line " + (i + 1));
            } else {
                // float32 rounding: a batch's padding changes the shapes of the sums (see the class comment)
                assertEquals(r.score(), n.get("score").asDouble(), 1e-5 * Math.abs(r.score()), "line " + (i + 1));
            }
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheOutputIsCompleteAndUnduplicated() throws Exception {
        int before = failedTasks.get();
        TolkTranslator t = TolkTranslator.builder(model.toString())
                .partitions(4)
                .injectFault(new FaultPlan(1, 100))
                .build(spark);
        Path out = dir.resolve("out-fault");
        TranslationSummary s = t.translateFiles(FileInput.text(input.toString()), out.toString(), OutputFormat.TEXT);
        assertSameText(referenceText, partFiles(out));
        assertEquals(LINES, s.records());
        assertEquals(LINES, s.written(), "the failed attempt's rows are not counted");
        for (int i = 0; i < 100 && failedTasks.get() == before; i++) {
            Thread.sleep(50); // listener events arrive asynchronously
        }
        assertEquals(before + 1, failedTasks.get(), "exactly one task failed (and was retried)");
    }

    @Test
    void datasetApiKeepsRowsAndOrder() throws Exception {
        StructType schema =
                new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType, true);
        List<Row> rows = new ArrayList<>();
        for (SourceRecord r : records) {
            rows.add(RowFactory.create(r.line(), r.text()));
        }
        rows.add(RowFactory.create(0L, null));
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        TolkTranslator t = TolkTranslator.builder(model.toString()).build(spark);
        int loadsBefore = ExecutorModels.loads();
        Dataset<Row> out = t.translate(df, "text");
        assertEquals(
                List.of("id", "text", "translation", "score"),
                List.of(out.columns()),
                "the input's columns, then ours");
        List<Row> got = out.collectAsList();
        assertEquals(LINES + 1, got.size());
        for (int i = 0; i < LINES; i++) {
            Row r = got.get(i);
            assertEquals(i + 1, r.getLong(0));
            assertEquals(reference.get(i).translation(), r.getString(2), "row " + (i + 1));
        }
        Row nul = got.get(LINES);
        assertTrue(nul.isNullAt(2) && nul.isNullAt(3), "a null sentence gives a null translation and score");
        assertTrue(df.rdd().getNumPartitions() >= 2);
        int loads = ExecutorModels.loads() - loadsBefore;
        assertTrue(loads <= 2, "at most one model per task slot of the JVM (local[2]: two): " + loads);
        assertEquals(got, out.collectAsList(), "the same rows again");
        assertEquals(
                loadsBefore + loads, ExecutorModels.loads(), "the models loaded for the first run served the second");
        assertEquals(0, ExecutorBackend.running(), "every task released its threads");
        assertEquals(1, Gemm.get().threads(), "spark.task.cpus = 1");
    }

    @Test
    void csvJsonLinesAndParquetColumnsTranslateLikeText() throws Exception {
        List<SourceRecord> some = records.subList(0, 60);
        Path csv = dir.resolve("in.csv");
        StringBuilder c = new StringBuilder("id,source\n");
        Path jsonl = dir.resolve("in.jsonl");
        StringBuilder j = new StringBuilder();
        ObjectMapper json = new ObjectMapper();
        for (SourceRecord r : some) {
            String text = r.text().replace("\r", "");
            c.append(r.line()).append(",\"").append(text.replace("\"", "\"\"")).append("\"\n");
            j.append(json.writeValueAsString(java.util.Map.of("text", text))).append('\n');
        }
        Files.writeString(csv, c);
        Files.writeString(jsonl, j);
        TolkTranslator t = TolkTranslator.builder(model.toString()).build(spark);
        List<Row> fromCsv =
                t.translateFiles(FileInput.csv("source", csv.toString())).collectAsList();
        List<Row> fromJson =
                t.translateFiles(FileInput.jsonLines("text", jsonl.toString())).collectAsList();
        Path parquet = dir.resolve("in.parquet");
        spark.read().json(jsonl.toString()).coalesce(1).write().parquet(parquet.toString());
        List<Row> fromParquet =
                t.translateFiles(FileInput.parquet("text", parquet.toString())).collectAsList();
        assertEquals(some.size(), fromCsv.size());
        assertEquals(some.size(), fromJson.size());
        assertEquals(some.size(), fromParquet.size());
        for (int i = 0; i < some.size(); i++) {
            String expected = reference.get(i).translation();
            assertEquals(i + 2, fromCsv.get(i).getLong(1), "CSV records start on line 2, after the header");
            assertEquals(expected, fromCsv.get(i).getString(3), "csv " + i);
            assertEquals(i + 1, fromJson.get(i).getLong(1));
            assertEquals(expected, fromJson.get(i).getString(3), "jsonl " + i);
            assertEquals(i + 1, fromParquet.get(i).getLong(1), "Parquet: the row number");
            assertEquals(expected, fromParquet.get(i).getString(3), "parquet " + i);
        }
        assertTrue(
                fromParquet.get(0).getString(0).contains("in.parquet"),
                fromParquet.get(0).getString(0));
    }

    @Test
    void invalidUtf8FailsNamingFileAndLineOrIsKeptInPermissiveMode() throws Exception {
        Path bad = dir.resolve("bad.txt");
        byte[] latin1 = "le caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("the cat sleeps .\n\n".getBytes(StandardCharsets.UTF_8));
        b.write(latin1);
        b.write("\nthe dog sleeps .\n".getBytes(StandardCharsets.UTF_8));
        Files.write(bad, b.toByteArray());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TolkSparkJob.run(
                new String[] {
                    "translate",
                    "--model",
                    model.toString(),
                    "--input",
                    bad.toString(),
                    "--output",
                    dir.resolve("out-bad").toString()
                },
                new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(1, exit, err.toString());
        assertEquals(
                "tolk-spark: error: " + bad + ":3:7: invalid UTF-8 (byte 0xE9); the file must be UTF-8: convert it"
                        + " (e.g. with iconv) or declare its encoding\n",
                err.toString());
        assertTrue(Files.notExists(dir.resolve("out-bad").resolve("_SUCCESS")), "no output on failure");

        Path permissive = dir.resolve("out-permissive");
        exit = TolkSparkJob.run(
                new String[] {
                    "translate",
                    "--model",
                    model.toString(),
                    "--input",
                    bad.toString(),
                    "--output",
                    permissive.toString(),
                    "--format",
                    "jsonl",
                    "--permissive",
                    "--json"
                },
                new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(0, exit, err.toString());
        JsonNode summary = new ObjectMapper().readTree(out.toString().strip());
        assertEquals(4, summary.get("records").asLong());
        assertEquals(4, summary.get("written").asLong(), "count in = count out");
        assertEquals(1, summary.get("corrupt").asLong());
        assertEquals(1, summary.get("empty").asLong());
        String[] rows = new String(partFiles(permissive), StandardCharsets.UTF_8).split("\n");
        assertEquals(4, rows.length);
        JsonNode third = new ObjectMapper().readTree(rows[2]);
        assertEquals(3, third.get("line").asLong());
        assertNull(third.get("translation"));
        assertEquals(
                bad + ":3:7: invalid UTF-8 (byte 0xE9); the file must be UTF-8: convert it (e.g. with iconv) or"
                        + " declare its encoding",
                third.get("_corrupt").asText());
        JsonNode second = new ObjectMapper().readTree(rows[1]);
        assertEquals("", second.get("translation").asText(), "empty line, empty translation");
        assertEquals(
                reference.stream()
                        .filter(r -> r.source().text().equals("the dog sleeps ."))
                        .findFirst()
                        .map(TranslationResult::translation)
                        .orElse(new ObjectMapper()
                                .readTree(rows[3])
                                .get("translation")
                                .asText()),
                new ObjectMapper().readTree(rows[3]).get("translation").asText());
    }

    @Test
    void filesComeInPathOrderAndPermissiveModeKeepsEveryRecord() throws Exception {
        Path in = dir.resolve("jsonl-dir");
        Files.createDirectories(in);
        Files.writeString(in.resolve("b.jsonl"), "{\"text\": \"the cat sleeps .\"}\n{\"text\": oops}\n\n");
        Files.writeString(in.resolve("a.jsonl"), "{\"text\": \"the dog sleeps .\"}\n{\"other\": \"x\"}\n");
        TolkTranslator t =
                TolkTranslator.builder(model.toString()).permissive(true).build(spark);
        List<Row> rows =
                t.translateFiles(FileInput.jsonLines("text", in.toString())).collectAsList();
        List<String> where = rows.stream()
                .map(r -> Path.of(r.getString(0)).getFileName() + ":" + r.getLong(1))
                .toList();
        assertEquals(List.of("a.jsonl:1", "a.jsonl:2", "b.jsonl:1", "b.jsonl:2", "b.jsonl:3"), where);
        assertEquals(
                List.of(RecordColumns.FILE, "line", "source", "translation", "score", "_corrupt"),
                List.of(rows.get(0).schema().fieldNames()));
        assertNull(rows.get(0).get(5));
        assertTrue(
                rows.get(1)
                        .getString(5)
                        .endsWith("a.jsonl:2: field \"text\" is missing; choose the field with the sentence"),
                rows.get(1).getString(5));
        assertTrue(
                rows.get(3).getString(5).contains("b.jsonl:2:14: not valid JSON"),
                rows.get(3).getString(5));
        assertNull(rows.get(3).get(2), "no source for an unreadable record");
        assertEquals("", rows.get(4).getString(3), "a blank JSON line is an empty sentence");

        Path csv = dir.resolve("bad.csv");
        byte[] bad = "source\nthe cat sleeps .\nle caf\u00e9\nthe dog sleeps .\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(csv, bad);
        Exception e = assertThrows(Exception.class, () -> t.translateFiles(FileInput.csv("source", csv.toString())));
        // CSV in permissive mode still stops: the reader cannot resynchronise after bytes it cannot decode. The
        // position is the byte's own, line and column (the one reader of data's TextCursor).
        String m = TolkSparkJob.userMessage(e);
        assertTrue(m.startsWith(csv + ":3:7: invalid UTF-8 (byte 0xE9)"), m);
    }

    @Test
    void invalidUtf8InADataFrameColumnNamesTheRow() throws Exception {
        StructType schema =
                new StructType().add("id", DataTypes.StringType, false).add("raw", DataTypes.BinaryType, false);
        List<Row> rows = List.of(
                RowFactory.create("a", "the cat sleeps .".getBytes(StandardCharsets.UTF_8)),
                RowFactory.create("b", new byte[] {'o', 'k', (byte) 0xff}));
        Dataset<Row> df = spark.createDataFrame(rows, schema)
                .selectExpr("id", "cast(raw as string) as text")
                .coalesce(1);
        TolkTranslator strict = TolkTranslator.builder(model.toString()).build(spark);
        Exception e = assertThrows(
                Exception.class, () -> strict.translate(df, "text", "id").collectAsList());
        assertEquals(
                "column 'text', row id=b: invalid UTF-8 (byte 0xff at byte 3 of the value); convert the input to "
                        + "UTF-8, e.g. iconv -f latin1 -t utf-8",
                TolkSparkJob.userMessage(e));
        TolkTranslator permissive =
                TolkTranslator.builder(model.toString()).permissive(true).build(spark);
        List<Row> got = permissive.translate(df, "text", "id").collectAsList();
        assertEquals(2, got.size());
        assertNull(got.get(0).get(4));
        assertNull(got.get(1).get(2));
        assertTrue(got.get(1).getString(4).startsWith("column 'text', row id=b: invalid UTF-8"));
    }

    @Test
    void aCorruptModelIsRejectedOnTheDriverWithOneLine() throws Exception {
        byte[] bytes = Files.readAllBytes(model.resolve("model.tolk"));
        bytes[bytes.length / 2] ^= 0x55;
        Path broken = dir.resolve("broken.tolk");
        Files.write(broken, bytes);
        Exception e = assertThrows(
                dev.tolk.seq2seq.store.ModelFormatException.class,
                () -> TolkTranslator.builder(broken.toString()).build(spark));
        assertTrue(e.getMessage().startsWith(broken.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        Exception missing = assertThrows(
                java.io.FileNotFoundException.class,
                () -> TolkTranslator.builder(dir.resolve("nope").toString()).build(spark));
        assertEquals(dir.resolve("nope") + ": no such model file or directory", missing.getMessage());
    }
}
