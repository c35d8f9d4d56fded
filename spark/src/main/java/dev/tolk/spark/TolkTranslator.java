package dev.tolk.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import dev.tolk.core.Precision;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates with a Tolk model on Spark, from Java or Scala:
 *
 * <pre>{@code
 * TolkTranslator t = TolkTranslator.builder("hdfs:///models/en-fr/model.tolk").beam(5).precision(Precision.INT8)
 *         .build(spark);
 * Dataset<Row> out = t.translate(df, "text");                  // df's columns + translation, score
 * TranslationSummary s = t.translateFiles(FileInput.text("in/*.txt"), "out/", OutputFormat.JSONL);
 * }</pre>
 *
 * <p>Every input row gives exactly one output row. {@link #translate(Dataset, String)} keeps the data frame's
 * partitions and row order (no shuffle). {@link #translateFiles(FileInput)} reads files with {@code tolk translate}'s
 * readers, spreads the records over contiguous, equal ranges (files in path order, then line order) and returns them
 * in that order with {@code file, line, source, translation, score}. Each partition is translated by the model loaded
 * once in its executor JVM ({@link ExecutorModels}), in blocks and length-sorted batches as {@code tolk translate}
 * does, on {@code spark.task.cpus} threads and at the builder's {@link Precision} ({@link ExecutorBackend});
 * translations are the bytes {@code tolk translate} writes with the same model and options on a machine with the
 * same backend (at int8 only with one task: an int8 product's activation scale is its batch's, and Spark's tasks
 * batch other neighbours). A failed task is retried by Spark and recomputes the same rows (records are sorted within
 * each range, and translation does not depend on the thread count, nor, for a given range, on the attempt), and
 * Spark's output commit keeps exactly one attempt's output.
 *
 * <p>Built on the driver; the work runs on the executors. Not for concurrent use from several driver threads.
 */
public final class TolkTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(TolkTranslator.class);

    /**
     * What text output turns into spaces to keep one line per record: the characters {@code tolk translate}'s text
     * output replaces (seq2seq's {@code LineBreaks}).
     */
    static final String LINE_BREAKS = "[\\n\\r\\u000B\\u000C\\u001C-\\u001E\\u0085\\u2028\\u2029]";

    /** Records per translation task aimed at when choosing the number of tasks. */
    static final long RECORDS_PER_TASK = 10_000;

    private final SparkSession spark;
    private final ModelSource model;
    private final DecodeSettings decode;
    private final boolean permissive;
    private final int partitions;
    private final FaultPlan fault;

    private TolkTranslator(Builder b, SparkSession spark, ModelSource model) {
        this.spark = spark;
        this.model = model;
        this.decode = b.decode;
        this.permissive = b.permissive;
        this.partitions = b.partitions;
        this.fault = b.fault;
    }

    /**
     * @param model a model file or directory, as a path or any URI Spark reads
     * @return a builder with {@code tolk translate}'s defaults
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** Options; {@link #build(SparkSession)} checks and ships the model. */
    public static final class Builder {
        private final String model;
        private DecodeSettings decode = DecodeSettings.DEFAULTS;
        private boolean permissive;
        private boolean sharedStorage;
        private int partitions;
        private FaultPlan fault;

        private Builder(String model) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("a model path is required");
            }
            this.model = model;
        }

        /** Beam size in [1, 1000]; 1 = greedy. Default: the model's {@code decode.beam_size}. */
        public Builder beam(int k) {
            decode = decode.withBeam(k);
            return this;
        }

        /** Sentences decoded together (default 32); translations do not depend on it, except at int8 (a few can). */
        public Builder batchSize(int size) {
            decode = decode.withBatchSize(size);
            return this;
        }

        /** Replace {@code <unk>} by the most-attended source word. */
        public Builder replaceUnk(boolean on) {
            decode = decode.withReplaceUnk(on);
            return this;
        }

        /**
         * The number format of the matrix products (default {@link Precision#FP32}): {@code bf16} or {@code int8}
         * translate faster where the executors' CPUs compute them ({@code avx512_bf16}, VNNI), as {@code tolk
         * translate --precision} does; a task on an executor that cannot fails with one line naming the precisions
         * it can. At int8 a sentence's translation can depend on the sentences batched with it (one activation scale
         * per batch), so it can differ from {@code tolk translate}'s when the tasks batch other neighbours.
         */
        public Builder precision(Precision p) {
            decode = decode.withPrecision(p); // null is refused there
            return this;
        }

        /** Keep records that cannot be read, with the reason in {@code _corrupt}, instead of failing. */
        public Builder permissive(boolean on) {
            permissive = on;
            return this;
        }

        /** Read the model in place on every executor (a local path on shared storage) instead of shipping it. */
        public Builder sharedStorage(boolean on) {
            sharedStorage = on;
            return this;
        }

        /** Translation tasks for file input; 0 (default) = automatic (see {@link TolkTranslator#taskCount}). */
        public Builder partitions(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("partitions must be >= 0 (0 = automatic), got " + n);
            }
            partitions = n;
            return this;
        }

        /** Tests: fail the first attempt of one translation task. */
        Builder injectFault(FaultPlan plan) {
            fault = plan;
            return this;
        }

        /**
         * Checks the model on the driver and ships it to the executors.
         *
         * @throws IOException when the model is missing or invalid (one-line message)
         */
        public TolkTranslator build(SparkSession spark) throws IOException {
            return new TolkTranslator(this, spark, ModelSource.prepare(spark, model, sharedStorage));
        }
    }

    /** The model the executors load. */
    public ModelSource model() {
        return model;
    }

    /**
     * Adds {@code translation} and {@code score} (and {@code _corrupt} when permissive) to every row, keeping the
     * partitions and row order. A null sentence gives a null translation; an empty one an empty translation.
     *
     * @param df the data
     * @param column a string column holding the sentences
     * @throws IllegalArgumentException when the column is missing or not a string, or an output column exists
     */
    public Dataset<Row> translate(Dataset<Row> df, String column) {
        return translate(df, column, null);
    }

    /**
     * As {@link #translate(Dataset, String)}, naming bad records by {@code idColumn} in messages.
     *
     * @param idColumn a column identifying each row, or null
     */
    public Dataset<Row> translate(Dataset<Row> df, String column, String idColumn) {
        List<String> names = Arrays.asList(df.columns());
        int source = stringColumn(df, column);
        int id = idColumn == null ? -1 : names.indexOf(idColumn);
        if (idColumn != null && id < 0) {
            throw new IllegalArgumentException("no column '" + idColumn + "'; the columns are " + names);
        }
        for (String out : List.of(RecordColumns.TRANSLATION, RecordColumns.SCORE, RecordColumns.CORRUPT)) {
            if (names.contains(out)) {
                throw new IllegalArgumentException(
                        "the data already has a column '" + out + "'; rename it (the translation adds it)");
            }
        }
        Dataset<Row> withBytes = df.withColumn(RecordColumns.BYTES, col(column).cast(DataTypes.BinaryType));
        PartitionTranslation.Layout layout = new PartitionTranslation.Layout(
                withBytes.schema(), source, names.size(), -1, -1, -1, id, column, permissive);
        return withBytes.mapPartitions(
                new PartitionTranslation(layout, model, decode, null, fault), Encoders.row(layout.output()));
    }

    /**
     * Reads and translates files; the rows come in input order: files in path order, records in line order.
     * Columns: {@code file, line, source, translation, score} (and {@code _corrupt} when permissive). The records are
     * counted at once (a Spark job reading the input, which also finds unreadable input before any translation);
     * the translation runs when the result is used.
     *
     * @throws IOException when a path matches no file
     */
    public Dataset<Row> translateFiles(FileInput input) throws IOException {
        return translated(records(input), null).dataset();
    }

    /**
     * Reads, translates and writes files: a directory of part files whose concatenation in name order follows the
     * input's order (text: the translations alone, one line per record). The directory must not exist; Spark's
     * commit protocol writes it only when every task has succeeded, one attempt's output per task.
     *
     * @param output the output directory
     * @throws IOException when a path matches no file, or the output exists
     * @throws IllegalStateException when the rows written differ from the records read (never expected)
     */
    public TranslationSummary translateFiles(FileInput input, String output, OutputFormat format) throws IOException {
        Path out = new Path(output);
        if (out.getFileSystem(hadoop()).exists(out)) {
            throw new IOException(output + ": the output exists; choose a new directory (nothing was written)");
        }
        long start = System.nanoTime();
        Dataset<Row> records = records(input).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            TranslationCounters counters = TranslationCounters.register(spark.sparkContext());
            Translated t = translated(records, counters);
            Dataset<Row> ds = t.dataset();
            long translateStart = System.nanoTime();
            switch (format) {
                case TEXT ->
                    ds.select(regexp_replace(coalesce(col(RecordColumns.TRANSLATION), lit("")), LINE_BREAKS, " ")
                                    .as(RecordColumns.TRANSLATION))
                            .write()
                            .mode(SaveMode.ErrorIfExists)
                            .text(output);
                case CSV ->
                    ds.write()
                            .mode(SaveMode.ErrorIfExists)
                            .option("header", "true")
                            .option("escape", "\"")
                            .csv(output);
                case JSONL -> ds.write().mode(SaveMode.ErrorIfExists).json(output);
                case PARQUET -> ds.write().mode(SaveMode.ErrorIfExists).parquet(output);
            }
            long written = counters.rows().value();
            if (written != t.records()) {
                throw new IllegalStateException(
                        "read " + t.records() + " records but wrote " + written + " rows to " + output);
            }
            long end = System.nanoTime();
            TranslationSummary s = new TranslationSummary(
                    t.records(),
                    written,
                    counters.empty().value(),
                    counters.corrupt().value(),
                    t.partitions(),
                    (end - start) / 1e9,
                    (end - translateStart) / 1e9);
            LOG.info("{}", s);
            return s;
        } finally {
            records.unpersist(false);
        }
    }

    /** The translation tasks for {@code records} records: the builder's count, or about 10,000 records each. */
    int taskCount(long records) {
        if (partitions > 0) {
            return partitions;
        }
        long byCount = (records + RECORDS_PER_TASK - 1) / RECORDS_PER_TASK;
        long n = Math.max(2L * spark.sparkContext().defaultParallelism(), byCount);
        return (int) Math.max(1, Math.min(n, Math.max(1, records)));
    }

    private record Translated(Dataset<Row> dataset, long records, int partitions) {}

    private Translated translated(Dataset<Row> records, TranslationCounters counters) {
        long count = records.count();
        int n = taskCount(count);
        Dataset<Row> ordered = records.repartitionByRange(n, col(RecordColumns.FILE), col(RecordColumns.LINE))
                .sortWithinPartitions(RecordColumns.FILE, RecordColumns.LINE);
        List<String> names = Arrays.asList(ordered.columns());
        PartitionTranslation.Layout layout = new PartitionTranslation.Layout(
                ordered.schema(),
                names.indexOf(RecordColumns.SOURCE),
                names.indexOf(RecordColumns.BYTES),
                names.indexOf(RecordColumns.CORRUPT),
                names.indexOf(RecordColumns.FILE),
                names.indexOf(RecordColumns.LINE),
                -1,
                RecordColumns.SOURCE,
                permissive);
        LOG.info("translating {} records in {} tasks", count, n);
        Dataset<Row> ds = ordered.mapPartitions(
                new PartitionTranslation(layout, model, decode, counters, fault), Encoders.row(layout.output()));
        return new Translated(ds, count, n);
    }

    /** The input's records: {@code file, line, source, _corrupt} (Parquet: and the raw bytes to check). */
    private Dataset<Row> records(FileInput input) throws IOException {
        List<String> files = existing(input.paths());
        if (input.format() == InputFormat.PARQUET) {
            Dataset<Row> df = spark.read().parquet(files.toArray(new String[0]));
            stringColumn(df, input.column());
            Column path = regexp_replace(col("_metadata.file_path"), "^file:(//)?", "");
            return df.select(
                    path.as(RecordColumns.FILE),
                    col("_metadata.row_index").plus(1).cast(DataTypes.LongType).as(RecordColumns.LINE),
                    col(input.column()).as(RecordColumns.SOURCE),
                    lit(null).cast(DataTypes.StringType).as(RecordColumns.CORRUPT),
                    col(input.column()).cast(DataTypes.BinaryType).as(RecordColumns.BYTES));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.binaryFiles(String.join(",", files)).flatMap(new FileRecordReader(input, permissive));
        return spark.createDataFrame(rows, RecordColumns.records());
    }

    /** Checks that every path matches at least one file; returns them qualified. */
    private List<String> existing(List<String> paths) throws IOException {
        Configuration conf = hadoop();
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            Path path = new Path(p);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] st = fs.globStatus(path);
            if (st == null || st.length == 0) {
                throw new FileNotFoundException(p + ": no such input file or directory");
            }
            out.add(fs.makeQualified(path).toString());
        }
        return out;
    }

    private Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }

    /** The index of a string column, or an error naming the columns there are. */
    private static int stringColumn(Dataset<Row> df, String column) {
        List<String> names = Arrays.asList(df.columns());
        int i = names.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "'; the columns are " + names);
        }
        StructField f = df.schema().fields()[i];
        if (!f.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + column + "' is "
                    + f.dataType().simpleString() + ", not a string; cast it or choose another column");
        }
        return i;
    }
}
