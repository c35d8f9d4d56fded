/**
 * Training: {@link dev.tolk.seq2seq.train.Trainer} (corpus reading, tokenizer and vocabulary learning, token-budget
 * batches, Adam with clipping and decay on plateau, validation with perplexity and greedy BLEU, early stopping,
 * best model, NaN/Inf stop, atomic checkpoints and exact resume) and its
 * {@link dev.tolk.seq2seq.train.TrainResult}; the parts every trained model shares: one update
 * ({@link dev.tolk.seq2seq.train.Updater}) and the loop around it ({@link dev.tolk.seq2seq.train.TrainingLoop}).
 */
package dev.tolk.seq2seq.train;
