package dev.tolk.data;

/** Why a row of a parallel corpus was rejected. */
public enum BadRowReason {
    /** An empty physical line where a record was expected. */
    BLANK_LINE("blank lines"),
    /**
     * A carriage return without a line feed inside an unquoted field, which ends the record there (commons-csv,
     * like RFC 4180 readers, takes any CR as a line end): the record and the ones it was split into are one row.
     */
    STRAY_CARRIAGE_RETURN("rows split by a stray carriage return"),
    /** Fewer fields than the header (or the first record) has. */
    TOO_FEW_FIELDS("rows with too few fields"),
    /** More fields than the header (or the first record) has. */
    TOO_MANY_FIELDS("rows with too many fields"),
    /** The source field is empty or white space only (the target is not). */
    EMPTY_SOURCE("empty source"),
    /** The target field is empty or white space only (the source is not). */
    EMPTY_TARGET("empty target"),
    /** Both fields are empty or white space only. */
    EMPTY_PAIR("empty source and target"),
    /** A side has more tokens than {@link PairFilter#maxTokens()}. */
    TOO_LONG("too many tokens"),
    /** The longer side has more than {@link PairFilter#maxLengthRatio()} times the tokens of the shorter. */
    LENGTH_RATIO("length ratio too high"),
    /** The same source and target as an earlier pair (only when {@link PairFilter#dropDuplicates()}). */
    DUPLICATE("duplicate pairs");

    private final String label;

    BadRowReason(String label) {
        this.label = label;
    }

    /** A short plural description for summaries, e.g. "rows with too many fields". */
    public String label() {
        return label;
    }
}
