/**
 * Records in, records out: {@link dev.tolk.seq2seq.translate.Translator} loads a model file and translates a
 * {@link dev.tolk.seq2seq.io.TranslationInput} into a {@link dev.tolk.seq2seq.io.TranslationOutput} with the
 * decoding settings of {@link dev.tolk.seq2seq.config.DecodeConfig} (greedy or beam search, n-best, {@code <unk>}
 * replacement, over-long input handling) and a {@link dev.tolk.seq2seq.translate.Batching} (sorted batches within
 * blocks, or streaming), reporting {@link dev.tolk.seq2seq.translate.TranslationWarning}s with their records;
 * several model files decode as an ensemble. N-best lists are rescored with
 * {@link dev.tolk.seq2seq.translate.NbestRescoring}: {@link dev.tolk.seq2seq.translate.HypothesisScorer} (forced
 * decoding, e.g. by a right-to-left model) and {@link dev.tolk.seq2seq.translate.NbestReranker} (weighted sum).
 */
package dev.tolk.seq2seq.translate;
