package dev.tolk.seq2seq.search;

import dev.tolk.core.ElementWise;
import dev.tolk.core.RnnCell;
import dev.tolk.core.ScratchTensor;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.model.Decoder;
import dev.tolk.seq2seq.model.Seq2SeqModel;

/**
 * One {@link Seq2SeqModel} as a {@link StepDecoder}: {@link #start} encodes the sources, lets the rows share their
 * sentence's memory {@code [S, B, C]} (beam search: each sentence's K hypotheses) and repeats the final features
 * {@code [N, C]} for the rows, the decoder's states {@code [parts, N, H]} per layer live here, and {@link #advance}
 * swaps them (one row per hypothesis) or gathers them by parent row ({@code RnnCell.selectRows}). Uses the model's
 * buffers: a model may serve one decoder at a time. Not thread-safe.
 */
public final class ModelDecoder implements StepDecoder {
    private final Seq2SeqModel model;
    private final Decoder decoder;
    private Tensor[] states;
    private Tensor[] next;
    // storage kept from one batch to the next: the repeated final features, and both sets of states
    private final ScratchTensor[] finalStore;
    private final ScratchTensor[] stateStore;
    private final ScratchTensor[] nextStore;

    /** A decoder over {@code model}. */
    public ModelDecoder(Seq2SeqModel model) {
        this.model = model;
        this.decoder = model.decoder();
        this.finalStore = scratch(model.finalFeatures().length);
        this.stateStore = scratch(decoder.layers());
        this.nextStore = scratch(decoder.layers());
    }

    private static ScratchTensor[] scratch(int n) {
        ScratchTensor[] s = new ScratchTensor[n];
        for (int i = 0; i < n; i++) {
            s[i] = new ScratchTensor();
        }
        return s;
    }

    /** States {@code [stateParts, rows, H]} per decoder layer over {@code store} (contents undefined). */
    private Tensor[] states(ScratchTensor[] store, int rows) {
        Tensor[] s = new Tensor[store.length];
        for (int l = 0; l < s.length; l++) {
            RnnCell cell = decoder.cell(l);
            s[l] = store[l].shaped(cell.stateParts(), rows, cell.hiddenSize());
        }
        return s;
    }

    /** The model. */
    public Seq2SeqModel model() {
        return model;
    }

    @Override
    public int vocabularySize() {
        return decoder.vocabularySize();
    }

    @Override
    public boolean attentive() {
        return decoder.attentive();
    }

    @Override
    public int start(SourceBatch src, int[] rowSource) {
        int b = src.size();
        Tensor memory = model.encode(src.ids(), src.steps(), b, src.lengths());
        Tensor[] finals = model.finalFeatures();
        int n = rowSource == null ? b : rowSource.length;
        int[] lengths = src.lengths();
        if (rowSource != null) {
            int c = memory.dim(2);
            lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = src.lengths()[rowSource[i]];
            }
            Tensor[] fin = new Tensor[finals.length];
            for (int l = 0; l < finals.length; l++) {
                fin[l] = finalStore[l].shaped(n, c);
                ElementWise.gatherRows(finals[l], 0, rowSource, fin[l]);
            }
            finals = fin;
        }
        states = states(stateStore, n); // zeroed and initialised by begin
        next = states(nextStore, n); // written by every step
        decoder.begin(memory, lengths, rowSource, finals, states);
        return n;
    }

    @Override
    public void step(int[] prev, Tensor logProbs) {
        requireStarted();
        decoder.step(prev, states, next, logProbs);
    }

    @Override
    public Tensor lastAttention() {
        return decoder.lastAttention();
    }

    @Override
    public void advance(int[] parents) {
        requireStarted();
        if (parents == null) {
            Tensor[] t = states;
            states = next;
            next = t;
        } else {
            for (int l = 0; l < next.length; l++) {
                decoder.cell(l).selectRows(next[l], parents, states[l]);
            }
        }
    }

    private void requireStarted() {
        if (states == null) {
            throw new IllegalStateException("ModelDecoder: call start(...) before step/advance");
        }
    }
}
