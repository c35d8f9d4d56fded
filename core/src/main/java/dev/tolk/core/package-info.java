/**
 * Tolk's numeric engine: float32 {@link dev.tolk.core.Tensor}s in row-major order backed by native memory,
 * matrix products through a {@link dev.tolk.core.Gemm} backend (oneDNN when it loads, else OpenBLAS, else pure Java)
 * in a chosen {@link dev.tolk.core.Precision} (fp32, bf16, int8), with weights packed once per update,
 * layers and recurrent cells with hand-written backward passes, and optimisers.
 *
 * <p>Conventions: data apart from operations (EJML's {@code FMatrixRMaj} vs {@code CommonOps_FDRM}); output
 * buffers are passed in on hot paths so nothing is allocated per time step; every method documents the shapes
 * it takes, e.g. {@code x: [batch, inputSize]}; shape errors name the method and both shapes.
 *
 * <h2>Neural-network building blocks</h2>
 * <ul>
 *   <li>{@link dev.tolk.core.Parameter} (name, value, grad) and {@link dev.tolk.core.Trainable#parameters()};
 *   <li>layers: {@link dev.tolk.core.Linear}, {@link dev.tolk.core.Embedding} (row-sparse gradient),
 *       {@link dev.tolk.core.Dropout} (masks addressed by a seed), {@link dev.tolk.core.LayerNorm},
 *       {@link dev.tolk.core.SoftmaxCrossEntropy}, {@link dev.tolk.core.AdditiveAttention};
 *   <li>cells behind {@link dev.tolk.core.RnnCell}: {@link dev.tolk.core.SimpleRnnCell},
 *       {@link dev.tolk.core.LstmCell}, {@link dev.tolk.core.GruCell}, each optionally layer-normalised, and
 *       {@link dev.tolk.core.DeepTransitionCell}, all built by {@link dev.tolk.core.CellSpec};
 *       {@link dev.tolk.core.Rnn} unrolls them
 *       (stacked, bidirectional, residual, truncated BPTT) over time-major sequences {@code [T, B, features]};
 *   <li>training: {@link dev.tolk.core.Sgd}, {@link dev.tolk.core.Adam}, {@link dev.tolk.core.GradientClipper},
 *       {@link dev.tolk.core.LearningRateSchedule}/{@link dev.tolk.core.DecayOnPlateau},
 *       {@link dev.tolk.core.Initializers}.
 * </ul>
 *
 * <p><b>Layout.</b> Sequences are time-major {@code [T, B, features]}, so step {@code t} is the contiguous row view
 * {@code seq.row(t)} ({@code [B, features]}) and {@code seq.reshape(T*B, features)} feeds one matrix product over
 * all steps. Cell states are {@code [stateParts, B, H]} (LSTM: h then c).
 *
 * <p><b>Unrolling a cell by hand</b> (a decoder with teacher forcing; buffers allocated once, outside the loop):
 * <pre>{@code
 * RnnCell cell = new GruCell("dec", in, hidden, seed);
 * Tensor[] states = new Tensor[T + 1];            // states[0] = initial state [1, B, H]
 * StepCache[] caches = new StepCache[T];
 * for (int t = 0; t < T; t++) { states[t + 1] = cell.newState(B); caches[t] = cell.newStepCache(B); }
 * for (int t = 0; t < T; t++) {                   // forward; x[t]: [B, in]; mask[t]: [B] or null
 *   cell.forward(x[t], states[t], states[t + 1], mask[t], caches[t]);
 *   // ... use cell.output(states[t + 1]) ([B, H]) for attention / the output layer ...
 * }
 * Tensor dState = cell.newState(B), dPrev = cell.newState(B);   // dState: gradient reaching states[T]
 * for (int t = T - 1; t >= 0; t--) {              // backward, reverse order
 *   // add the output layer's gradient w.r.t. h_t into dState.row(0) first
 *   cell.backward(caches[t], dState, dPrev, dx[t]);  // overwrites dPrev and dx[t]; accumulates param grads
 *   Tensor tmp = dState; dState = dPrev; dPrev = tmp;
 * }
 * }</pre>
 * Decoding without caches: {@code cell.forward(x, state, next, null, null)}; beam search reorders batch rows of a
 * state with {@link dev.tolk.core.RnnCell#selectRows}.
 */
package dev.tolk.core;
