/**
 * Text in, text out: {@link dev.tolk.seq2seq.translate.Translator} loads a model file and translates sentences with
 * {@link dev.tolk.seq2seq.translate.TranslateOptions} (greedy or beam search, n-best, {@code <unk>} replacement,
 * over-long input handling, sorted batching with the input order restored).
 */
package dev.tolk.seq2seq.translate;
