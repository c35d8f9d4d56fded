/**
 * Parallel corpora and the other inputs of Tolk: reading CSV/TSV files strictly
 * ({@link dev.tolk.data.CsvCorpusReader}; text lines and single columns with {@link dev.tolk.data.TextCursor}, by the
 * same row and location rules), reporting bad rows ({@link dev.tolk.data.CorpusReport},
 * {@link dev.tolk.data.BadRowPolicy}), writing any result file atomically ({@link dev.tolk.data.AtomicFile},
 * {@link dev.tolk.data.CsvCorpusWriter}) and splitting with a seed ({@link dev.tolk.data.CorpusSplitter}).
 *
 * <p>The guarantees: a pair is never lost or shifted silently (bad rows are skipped pairwise, counted and
 * reported with their line numbers, or rejected), bad bytes are never replaced silently (strict decoding that
 * reports the line and column), and every error names the file, the line and what to do.
 *
 * <p>Batching of encoded pairs is in {@link dev.tolk.data.batch}, the bundled synthetic corpus in
 * {@link dev.tolk.data.synthetic}.
 */
package dev.tolk.data;
