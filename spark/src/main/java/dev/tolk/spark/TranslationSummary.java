package dev.tolk.spark;

/**
 * What a file job did.
 *
 * @param records records read (lines; CSV/TSV records; Parquet rows)
 * @param written rows written: always equal to {@code records}, checked
 * @param empty records with an empty or blank source (empty translation)
 * @param corrupt records that could not be read (permissive mode; null translation, reason in {@code _corrupt})
 * @param partitions translation tasks
 * @param seconds wall time of the job, reading to the written output
 * @param translateSeconds wall time of its last stage, which translates and writes (the rest reads, counts and
 *     spreads the records: a few seconds, whatever the input's size)
 */
public record TranslationSummary(
        long records, long written, long empty, long corrupt, int partitions, double seconds, double translateSeconds) {
    /** Records per second over the whole job. */
    public double recordsPerSecond() {
        return seconds > 0 ? records / seconds : 0;
    }
}
