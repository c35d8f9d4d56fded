/**
 * Tolk seq2seq: recurrent encoder-decoder translation. Subpackages:
 * {@link dev.tolk.seq2seq.config} (validated run configuration, YAML/JSON, overrides, hash),
 * {@link dev.tolk.seq2seq.store} (model files, checkpoints, atomic writes),
 * {@link dev.tolk.seq2seq.io} (translation input/output, length guard, sorted batching) and
 * {@link dev.tolk.seq2seq.telemetry} (training listener, validation log, NaN/Inf guard).
 */
package dev.tolk.seq2seq;
