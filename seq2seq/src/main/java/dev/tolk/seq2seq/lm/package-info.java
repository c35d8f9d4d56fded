/**
 * The character-level language model ({@code tolk lm}): {@link dev.tolk.seq2seq.lm.CharLanguageModel} (embedding or
 * one-hot input, a stacked SimpleRNN/LSTM/GRU from {@code dev.tolk.core}, a softmax output over characters),
 * trained by {@link dev.tolk.seq2seq.lm.LmTrainer} with truncated BPTT over a text read as one stream
 * ({@link dev.tolk.seq2seq.lm.Utf8Text} → {@link dev.tolk.seq2seq.lm.CharVocabulary} →
 * {@link dev.tolk.seq2seq.lm.CharStream} → {@link dev.tolk.seq2seq.lm.StreamColumns}) with the hidden
 * {@link dev.tolk.seq2seq.lm.LmState} carried across segments; scored by {@link dev.tolk.seq2seq.lm.LmEvaluation}
 * (perplexity, bits per character), sampled by {@link dev.tolk.seq2seq.lm.Sampler}, stored as
 * {@link dev.tolk.seq2seq.lm.LmModelFile} and {@link dev.tolk.seq2seq.lm.LmCheckpoint} (tensor containers of kinds
 * {@code tolk-lm} and {@code tolk-lm-checkpoint}), and run end to end by {@link dev.tolk.seq2seq.lm.LmRun}.
 * Telemetry goes through {@link dev.tolk.seq2seq.telemetry.TrainingListener}; nothing here prints.
 */
package dev.tolk.seq2seq.lm;
