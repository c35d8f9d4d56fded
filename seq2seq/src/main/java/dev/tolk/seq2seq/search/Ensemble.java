package dev.tolk.seq2seq.search;

import dev.tolk.core.ElementWise;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Several models decoding as one (Hansen and Salamon 1990; used for translation by Sutskever et al. 2014 and in
 * every WMT-winning system since): at every step each member model reads the same previous tokens and keeps its own
 * states, and the next-token distribution is the average of the members' log-probabilities,
 *
 * <pre>
 *   log p̄(v | y_{&lt;t}, x) = (1/M) · Σ_{m=1..M} log p_m(v | y_{&lt;t}, x)        logProbs: [N, V]
 * </pre>
 *
 * as OpenNMT-py does by default; Marian adds the log-probabilities with weights (1 by default), which ranks every
 * hypothesis the same way, since the beam's length normalisation is a division. This is the normalised geometric
 * mean of the members' distributions up to the per-row constant that makes it sum to 1, which search does not
 * need. The sum runs in float32 in member order and is then multiplied by {@code fl(1/M)} (not at all for
 * {@code M = 1}), so an ensemble of one model decodes bit-identically to the model, and an ensemble of two copies of
 * a model gives the model's log-probabilities exactly ({@code (x + x)·0.5 = x}). The attention weights
 * ({@code [N, S]}, for alignments and {@code <unk>} replacement) are the average over the members that attend.
 *
 * <p>The members must share the source and target vocabularies (and the preprocessing that produced the source
 * ids), which the caller checks ({@code Translator.ensemble} refuses mismatched model files by name). Every member
 * has its own buffers, so one {@link Seq2SeqModel} object may appear only once. {@link #start} allocates one
 * {@code [N, V]} matrix per member; steps allocate nothing. Not thread-safe.
 */
public final class Ensemble implements StepDecoder {
    private final List<StepDecoder> members;
    private final int vocab;
    private final float inverse;
    private Tensor[] memberLogProbs = new Tensor[0];
    private Tensor attention;
    private int rows;

    /**
     * @param members the member decoders, at least one, with the same target vocabulary size
     * @throws IllegalArgumentException when there are none or their vocabulary sizes differ
     */
    public Ensemble(List<? extends StepDecoder> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("Ensemble: needs at least one model");
        }
        this.members = List.copyOf(members);
        this.vocab = members.get(0).vocabularySize();
        for (int m = 1; m < members.size(); m++) {
            if (members.get(m).vocabularySize() != vocab) {
                throw new IllegalArgumentException("Ensemble: model " + (m + 1) + " has a target vocabulary of "
                        + members.get(m).vocabularySize() + " symbols, model 1 of " + vocab
                        + "; ensemble members need the same target vocabulary");
            }
        }
        this.inverse = 1f / members.size();
    }

    /**
     * An ensemble of models, each decoded by a {@link ModelDecoder}.
     *
     * @throws IllegalArgumentException when a model object is given twice (load it twice instead: members need
     *     their own buffers) or the target vocabulary sizes differ
     */
    public static Ensemble of(List<Seq2SeqModel> models) {
        Set<Seq2SeqModel> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<StepDecoder> decoders = new ArrayList<>(models.size());
        for (Seq2SeqModel m : models) {
            if (!seen.add(m)) {
                throw new IllegalArgumentException(
                        "Ensemble: the same model object is given twice; load the model twice (members need their"
                                + " own buffers)");
            }
            decoders.add(new ModelDecoder(m));
        }
        return new Ensemble(decoders);
    }

    /** The members, in order. */
    public List<StepDecoder> members() {
        return members;
    }

    @Override
    public int vocabularySize() {
        return vocab;
    }

    @Override
    public boolean attentive() {
        for (StepDecoder m : members) {
            if (m.attentive()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int start(SourceBatch src, int[] rowSource) {
        int n = -1;
        for (StepDecoder m : members) {
            n = m.start(src, rowSource);
        }
        if (n != rows) {
            rows = n;
            memberLogProbs = new Tensor[members.size()];
            for (int m = 1; m < members.size(); m++) {
                memberLogProbs[m] = Tensor.zeros(n, vocab);
            }
        }
        attention = members.size() > 1 && attentive() ? Tensor.zeros(n, src.steps()) : null;
        return n;
    }

    /**
     * {@code logProbs = fl(1/M) · Σ_m logProbs_m} (summed in member order; {@code M = 1}: the member's own), and
     * the members' attention averaged likewise.
     */
    @Override
    public void step(int[] prev, Tensor logProbs) {
        members.get(0).step(prev, logProbs);
        for (int m = 1; m < members.size(); m++) {
            members.get(m).step(prev, memberLogProbs[m]);
            ElementWise.axpy(1f, memberLogProbs[m], logProbs);
        }
        if (members.size() > 1) {
            ElementWise.scale(inverse, logProbs);
            averageAttention();
        }
    }

    /** {@code attention = (1/A) · Σ} over the A members that attend, in member order. */
    private void averageAttention() {
        if (attention == null) {
            return;
        }
        int attending = 0;
        for (StepDecoder m : members) {
            Tensor a = m.lastAttention();
            if (a == null) {
                continue;
            }
            if (attending == 0) {
                attention.copyFrom(a);
            } else {
                ElementWise.axpy(1f, a, attention);
            }
            attending++;
        }
        if (attending > 1) {
            ElementWise.scale(1f / attending, attention);
        }
    }

    @Override
    public Tensor lastAttention() {
        return members.size() == 1 ? members.get(0).lastAttention() : attention;
    }

    @Override
    public void advance(int[] parents) {
        for (StepDecoder m : members) {
            m.advance(parents);
        }
    }
}
