/**
 * Batching of encoded sentence pairs for training and inference: {@link dev.tolk.data.batch.Batcher} groups
 * {@link dev.tolk.data.batch.EncodedPair}s into {@link dev.tolk.data.batch.Batch}es under a token budget with
 * length bucketing and seeded shuffling; a {@link dev.tolk.data.batch.BatchPosition} saves the place in an
 * epoch so that training resumes exactly.
 */
package dev.tolk.data.batch;
