/**
 * The quickstart, the main job end to end on a bundled corpus: {@link dev.tolk.seq2seq.quickstart.Quickstart}
 * writes the corpus and the training configuration ({@link dev.tolk.seq2seq.quickstart.Quickstart#prepare}), and,
 * once a model is trained on them, translates the held-out test set and scores it
 * ({@link dev.tolk.seq2seq.quickstart.Quickstart#evaluate}).
 */
package dev.tolk.seq2seq.quickstart;
