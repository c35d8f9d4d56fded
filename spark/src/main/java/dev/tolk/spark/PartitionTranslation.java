package dev.tolk.spark;

import dev.tolk.tokenizer.Whitespace;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Translates one partition of rows, lazily and in input order: every input row gives exactly one output row (its
 * columns, then {@code translation}, {@code score}, and in permissive mode {@code _corrupt}).
 *
 * <p>Rows are taken in blocks of up to {@value #BLOCK} (as {@code tolk translate} reads its input; a block never spans
 * two files) and each block is translated by the task's leased model, which sorts it by length into batches. The model
 * is leased from {@link ExecutorModels} (loaded and checked once per executor JVM, per precision) and the product
 * threads (from the task's cores) and precision set ({@link ExecutorBackend}) before the first block; both are
 * released when the task ends, whether it succeeds or fails. An executor that cannot compute the job's precision
 * fails the task with one line naming the precisions it can.
 *
 * <p>Bad records: a null source gives a null translation and score. With a raw-bytes column, a value that is not valid
 * UTF-8 fails the task with one line naming the record ({@link TolkSparkException}), or, in permissive mode, gives a
 * null translation with the reason in {@code _corrupt}. Records that already carry a {@code _corrupt} reason (from the
 * file reader) are passed through untranslated.
 */
final class PartitionTranslation implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** Rows translated together: the block size of {@code tolk translate}. */
    static final int BLOCK = 4096;

    /**
     * Where things are in the input rows.
     *
     * @param schema the input schema
     * @param source the sentence column (string)
     * @param bytes the sentence's raw bytes (binary) to check as UTF-8, or −1; dropped from the output
     * @param corrupt a reason column from the reader, or −1; dropped, and written as {@code _corrupt} when permissive
     * @param file the file column, or −1
     * @param line the line column, or −1
     * @param id a column naming the row in messages when there is no file and line, or −1
     * @param sourceName the sentence column's name, for messages
     * @param permissive whether bad records are kept with a reason instead of failing the task
     */
    record Layout(
            StructType schema,
            int source,
            int bytes,
            int corrupt,
            int file,
            int line,
            int id,
            String sourceName,
            boolean permissive)
            implements Serializable {

        /** The output schema: the input's columns (less the internal ones), translation, score [, _corrupt]. */
        StructType output() {
            List<StructField> f = new ArrayList<>();
            for (int i = 0; i < schema.fields().length; i++) {
                if (i != bytes && i != corrupt) {
                    f.add(schema.fields()[i]);
                }
            }
            f.add(DataTypes.createStructField(RecordColumns.TRANSLATION, DataTypes.StringType, true));
            f.add(DataTypes.createStructField(RecordColumns.SCORE, DataTypes.DoubleType, true));
            if (permissive) {
                f.add(DataTypes.createStructField(RecordColumns.CORRUPT, DataTypes.StringType, true));
            }
            return new StructType(f.toArray(new StructField[0]));
        }
    }

    private final Layout layout;
    private final ModelSource model;
    private final DecodeSettings decode;
    private final TranslationCounters counters;
    private final FaultPlan fault;

    /**
     * @param counters counts the rows produced (for the count-in = count-out check), or null
     * @param fault a fault to inject (tests), or null
     */
    PartitionTranslation(
            Layout layout, ModelSource model, DecodeSettings decode, TranslationCounters counters, FaultPlan fault) {
        this.layout = layout;
        this.model = model;
        this.decode = decode;
        this.counters = counters;
        this.fault = fault;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Rows(input, TaskContext.get());
    }

    /** The output rows of one partition, translated a block at a time as they are consumed. */
    private final class Rows implements Iterator<Row> {
        private final Iterator<Row> input;
        private final TaskContext task;
        private final StrictUtf8 utf8 = new StrictUtf8();
        private Row pending;
        private List<Row> block = List.of();
        private int next;
        private long produced;
        private long rowInPartition;
        private ExecutorModels.Lease lease;
        private ExecutorBackend.Claim backend;

        Rows(Iterator<Row> input, TaskContext task) {
            this.input = input;
            this.task = task;
        }

        @Override
        public boolean hasNext() {
            if (next < block.size()) {
                return true;
            }
            if (pending == null && !input.hasNext()) {
                release();
                return false;
            }
            translateBlock();
            return next < block.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (fault != null) {
                fault.check(task, produced);
            }
            produced++;
            return block.get(next++);
        }

        private void acquire() {
            if (lease != null) {
                return;
            }
            try {
                backend = ExecutorBackend.enter(task != null ? Math.max(1, task.cpus()) : 1, decode.precision());
            } catch (IllegalArgumentException e) {
                // this executor cannot compute the precision: one line the driver shows (TolkSparkJob.userMessage)
                throw new TolkSparkException(e.getMessage(), e);
            }
            if (task != null) {
                task.addTaskCompletionListener((TaskCompletionListener) t -> release());
            }
            try {
                lease = ExecutorModels.lease(model, decode.precision());
            } catch (java.io.IOException e) {
                throw new TolkSparkException(e.getMessage(), e);
            }
        }

        private void release() {
            if (lease != null) {
                lease.close();
            }
            if (backend != null) {
                backend.close();
            }
        }

        private void translateBlock() {
            List<Row> rows = new ArrayList<>(BLOCK);
            Object file = null;
            while (rows.size() < BLOCK && (pending != null || input.hasNext())) {
                Row r = pending != null ? pending : input.next();
                pending = null;
                Object f = layout.file() >= 0 ? r.get(layout.file()) : null;
                if (!rows.isEmpty() && f != null && !f.equals(file)) {
                    pending = r;
                    break;
                }
                file = f;
                rows.add(r);
            }
            int n = rows.size();
            String[] text = new String[n];
            String[] corrupt = new String[n];
            long[] lines = new long[n];
            List<String> todo = new ArrayList<>(n);
            List<Integer> todoAt = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                rowInPartition++;
                lines[i] = layout.line() >= 0 ? r.getLong(layout.line()) : rowInPartition;
                if (layout.corrupt() >= 0 && !r.isNullAt(layout.corrupt())) {
                    corrupt[i] = r.getString(layout.corrupt());
                    continue;
                }
                if (r.isNullAt(layout.source())) {
                    continue;
                }
                String s;
                if (layout.bytes() >= 0) {
                    byte[] raw = (byte[]) r.get(layout.bytes());
                    s = utf8.decode(raw);
                    if (s == null) {
                        String reason = where(r, lines[i]) + ": " + utf8.problem(raw);
                        if (!layout.permissive()) {
                            throw new TolkSparkException(reason);
                        }
                        corrupt[i] = reason;
                        continue;
                    }
                } else {
                    s = r.getString(layout.source());
                }
                text[i] = s;
                todo.add(s);
                todoAt.add(i);
            }
            if (counters != null) {
                counters.rows().add(n);
                counters.corrupt()
                        .add(Arrays.stream(corrupt).filter(c -> c != null).count());
                counters.empty().add(todo.stream().filter(Whitespace::isBlank).count());
            }
            if (!todo.isEmpty()) {
                acquire();
                long[] todoLines = todoAt.stream().mapToLong(i -> lines[i]).toArray();
                String name = file != null ? file.toString() : layout.sourceName();
                List<TranslatorAdapter.Translation> t = lease.adapter().translate(todo, todoLines, name, decode);
                if (t.size() != todo.size()) {
                    throw new IllegalStateException(
                            "the translator returned " + t.size() + " results for " + todo.size() + " records");
                }
                String[] translation = new String[n];
                Double[] score = new Double[n];
                for (int k = 0; k < t.size(); k++) {
                    int i = todoAt.get(k);
                    translation[i] = t.get(k).text();
                    double sc = t.get(k).score();
                    score[i] = Double.isFinite(sc) ? sc : null;
                }
                block = output(rows, translation, score, corrupt);
            } else {
                block = output(rows, new String[n], new Double[n], corrupt);
            }
            next = 0;
        }

        private List<Row> output(List<Row> rows, String[] translation, Double[] score, String[] corrupt) {
            List<Row> out = new ArrayList<>(rows.size());
            int width = layout.schema().fields().length;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                List<Object> v = new ArrayList<>(width + 3);
                for (int c = 0; c < width; c++) {
                    if (c != layout.bytes() && c != layout.corrupt()) {
                        v.add(r.get(c));
                    }
                }
                v.add(translation[i]);
                v.add(score[i]);
                if (layout.permissive()) {
                    v.add(corrupt[i]);
                }
                out.add(RowFactory.create(v.toArray()));
            }
            return out;
        }

        /** Names a record in messages: {@code file:line}, the id column, or the partition and row. */
        private String where(Row r, long line) {
            if (layout.file() >= 0 && layout.line() >= 0) {
                return r.get(layout.file()) + ":" + line;
            }
            String col = "column '" + layout.sourceName() + "'";
            if (layout.id() >= 0) {
                return col + ", row " + layout.schema().fields()[layout.id()].name() + "=" + r.get(layout.id());
            }
            int partition = task != null ? task.partitionId() : 0;
            return col + ", partition " + partition + " row " + line;
        }
    }

    @Override
    public String toString() {
        return "PartitionTranslation" + Arrays.asList(layout, model, decode);
    }
}
