/**
 * On-disk artifacts: the tensor container format ({@link dev.tolk.seq2seq.store.TensorContainer}: magic, version,
 * JSON header, little-endian float32 payload, CRC32C), trained models ({@link dev.tolk.seq2seq.store.ModelFile}),
 * training checkpoints ({@link dev.tolk.seq2seq.store.Checkpoint},
 * {@link dev.tolk.seq2seq.store.CheckpointDirectory}) and atomic file replacement
 * ({@link dev.tolk.data.AtomicFile}). Never Java serialization.
 */
package dev.tolk.seq2seq.store;
