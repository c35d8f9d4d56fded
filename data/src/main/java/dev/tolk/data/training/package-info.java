/**
 * Training data: sentence pairs turned into model input. A {@link dev.tolk.data.training.PairEncoder} tokenises
 * both sides with the tokenizer module's {@link dev.tolk.tokenizer.TextPipeline}s, maps the pieces to ids with
 * their {@link dev.tolk.tokenizer.Vocabulary}s, appends {@code </s>} and drops pairs outside the length limit; the
 * resulting {@link dev.tolk.data.training.EncodedCorpus} is batched by a {@link dev.tolk.data.batch.Batcher}
 * (shuffled for training, in order for validation). Read → encode → filter by length → batch, in one place.
 */
package dev.tolk.data.training;
