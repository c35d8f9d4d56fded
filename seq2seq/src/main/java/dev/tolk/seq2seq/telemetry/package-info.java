/**
 * Training telemetry: the {@link dev.tolk.seq2seq.telemetry.TrainingListener} callbacks a trainer emits, the
 * JSON-lines {@link dev.tolk.seq2seq.telemetry.ValidationLog}, and the
 * {@link dev.tolk.seq2seq.telemetry.NonFiniteGuard} that finds NaN and infinite values in named buffers.
 */
package dev.tolk.seq2seq.telemetry;
