/**
 * Translation input and output, independent of the model: readers for plain text, a CSV/TSV column and JSON lines
 * ({@link dev.tolk.seq2seq.io.TranslationInput}), writers for text, CSV and JSON lines
 * ({@link dev.tolk.seq2seq.io.TranslationOutput}), the over-long input policy
 * ({@link dev.tolk.seq2seq.io.LengthGuard}) and length-sorted batching that restores the input order
 * ({@link dev.tolk.seq2seq.io.SortedBatches}).
 *
 * <p>The guarantee these classes keep together: exactly one output record per input record, in input order; an
 * empty input gives an empty output without a model call.
 */
package dev.tolk.seq2seq.io;
