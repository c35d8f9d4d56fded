/**
 * Tolk seq2seq: recurrent encoder-decoder translation. {@link dev.tolk.seq2seq.TextEncoding} holds a model's
 * tokenizers and vocabularies. Subpackages:
 * {@link dev.tolk.seq2seq.model} (encoder, decoder, the model with hand-written backward passes),
 * {@link dev.tolk.seq2seq.train} (the training loop with checkpoints and exact resume),
 * {@link dev.tolk.seq2seq.search} (batched greedy and beam search),
 * {@link dev.tolk.seq2seq.translate} (text-to-text translation of a model file),
 * {@link dev.tolk.seq2seq.config} (validated run configuration, YAML/JSON, overrides, hash),
 * {@link dev.tolk.seq2seq.store} (model files, checkpoints, atomic writes),
 * {@link dev.tolk.seq2seq.io} (translation input/output, length guard, sorted batching) and
 * {@link dev.tolk.seq2seq.telemetry} (training listener, validation log, NaN/Inf guard).
 */
package dev.tolk.seq2seq;
