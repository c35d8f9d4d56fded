/**
 * The encoder-decoder network: {@link dev.tolk.seq2seq.model.Encoder} (embedding, stacked optionally bidirectional
 * recurrent layers), {@link dev.tolk.seq2seq.model.Decoder} (additive attention or a fixed context, stacked cells,
 * output layer, teacher-forced loss, and a one-step API for search), {@link dev.tolk.seq2seq.model.Seq2SeqModel}
 * (the two together, weights by name). Dropout masks are {@link dev.tolk.core.Dropout}'s, a function of the run
 * seed and the update number, so training resumes exactly. Every backward pass is written by
 * hand and checked against finite differences in the tests. Layouts are time-major {@code [T, B, ·]}; buffers are
 * preallocated per batch shape.
 */
package dev.tolk.seq2seq.model;
