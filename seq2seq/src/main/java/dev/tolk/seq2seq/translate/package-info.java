/**
 * Records in, records out: {@link dev.tolk.seq2seq.translate.Translator} loads a model file and translates a
 * {@link dev.tolk.seq2seq.io.TranslationInput} into a {@link dev.tolk.seq2seq.io.TranslationOutput} with the
 * decoding settings of {@link dev.tolk.seq2seq.config.DecodeConfig} (greedy or beam search, n-best, {@code <unk>}
 * replacement, over-long input handling) and a {@link dev.tolk.seq2seq.translate.Batching} (sorted batches within
 * blocks, or streaming), reporting {@link dev.tolk.seq2seq.translate.TranslationWarning}s with their records.
 */
package dev.tolk.seq2seq.translate;
