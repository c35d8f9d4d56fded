package dev.tolk.seq2seq.search;

import dev.tolk.core.ScratchTensor;
import dev.tolk.core.Tensor;

/**
 * The log-probabilities {@code [N, V]} a search reads after each step, one storage per thread kept from one batch to
 * the next (greedy, beam and forced decoding run one at a time on a thread). Contents are undefined until the first
 * {@link StepDecoder#step} writes them.
 */
final class LogProbBuffer {
    private static final ThreadLocal<ScratchTensor> STORE = ThreadLocal.withInitial(ScratchTensor::new);

    private LogProbBuffer() {}

    /** The calling thread's buffer as {@code [rows, vocabulary]}. */
    static Tensor of(int rows, int vocabulary) {
        return STORE.get().shaped(rows, vocabulary);
    }
}
