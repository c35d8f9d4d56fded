package dev.tolk.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The column names and schemas of the records a job reads and the translations it writes. */
public final class RecordColumns {
    /** The input file (a URI; {@code file:} for local files). */
    public static final String FILE = "file";
    /** The record's 1-based line in its file (CSV: where the record starts; Parquet: the row number). */
    public static final String LINE = "line";
    /** The sentence as read (null for a record that could not be read, in permissive mode). */
    public static final String SOURCE = "source";
    /** The best translation (empty for an empty or blank source). */
    public static final String TRANSLATION = "translation";
    /** The best translation's score (the decoder's length-normalised log-probability); null when there is none. */
    public static final String SCORE = "score";
    /** Permissive mode: why the record could not be read (one line naming file and line), else null. */
    public static final String CORRUPT = "_corrupt";

    /** Internal: a string column's raw bytes, checked as strict UTF-8 before translation. */
    static final String BYTES = "__tolk_bytes";

    private RecordColumns() {}

    /** {@code file, line, source, _corrupt}: the records read from files, before translation. */
    static StructType records() {
        return new StructType(new StructField[] {
            DataTypes.createStructField(FILE, DataTypes.StringType, false),
            DataTypes.createStructField(LINE, DataTypes.LongType, false),
            DataTypes.createStructField(SOURCE, DataTypes.StringType, true),
            DataTypes.createStructField(CORRUPT, DataTypes.StringType, true)
        });
    }
}
