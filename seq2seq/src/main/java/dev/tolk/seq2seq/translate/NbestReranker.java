package dev.tolk.seq2seq.translate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reranks an n-best list by a weighted sum of its own score and a second model's score, as Marian and Nematus
 * rescoring pipelines do (e.g. a left-to-right ensemble's n-best list rescored by a right-to-left model, Sennrich
 * et al. 2016, WMT16):
 *
 * <pre>
 *   total(y) = w_list · score_list(y) + w_rescore · score_rescore(y)
 * </pre>
 * Equal weights (1, 1) by default. The list is sorted by total, best first; ties keep the list's order, so with
 * {@code w_rescore = 0} (and {@code w_list > 0}) the list's ranking is kept exactly. Immutable.
 *
 * @param listWeight {@code w_list}, finite and &ge; 0
 * @param rescoreWeight {@code w_rescore}, finite and &ge; 0
 */
public record NbestReranker(double listWeight, double rescoreWeight) {
    /** Equal weights. */
    public static final NbestReranker EQUAL = new NbestReranker(1, 1);

    /** Validates the weights. */
    public NbestReranker {
        if (!(listWeight >= 0) || !(rescoreWeight >= 0) || Double.isInfinite(listWeight + rescoreWeight)) {
            throw new IllegalArgumentException(
                    "rescoring weights must be finite and >= 0, got " + listWeight + " and " + rescoreWeight);
        }
    }

    /**
     * @param texts one sentence's hypotheses, in the list's order
     * @param listScores their scores in the list
     * @param rescores their scores under the rescoring model
     * @return the hypotheses with their scores, best total first (stable)
     */
    public List<RescoredHypothesis> rerank(List<String> texts, double[] listScores, double[] rescores) {
        if (texts.size() != listScores.length || texts.size() != rescores.length) {
            throw new IllegalArgumentException(
                    texts.size() + " hypotheses but " + listScores.length + " and " + rescores.length + " scores");
        }
        List<RescoredHypothesis> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(new RescoredHypothesis(
                    texts.get(i),
                    listScores[i],
                    rescores[i],
                    listWeight * listScores[i] + rescoreWeight * rescores[i]));
        }
        out.sort(Comparator.comparingDouble(RescoredHypothesis::total).reversed());
        return out;
    }
}
