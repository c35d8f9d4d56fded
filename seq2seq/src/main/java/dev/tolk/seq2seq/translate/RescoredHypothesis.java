package dev.tolk.seq2seq.translate;

/**
 * A hypothesis of an n-best list after rescoring.
 *
 * @param text the hypothesis
 * @param originalScore its score in the list
 * @param rescore the rescoring model's score ({@link HypothesisScorer})
 * @param total the weighted sum that ranks the list ({@link NbestReranker})
 */
public record RescoredHypothesis(String text, double originalScore, double rescore, double total) {
    /**
     * This hypothesis as a line of a Moses n-best list with both scores as features: {@code i ||| text ||| List= s
     * FEATURE= r ||| total} (numbers as Java prints doubles).
     *
     * @param sentence the source sentence's number, from 0
     * @param feature the rescoring model's feature name, e.g. {@code R2L}
     */
    public String mosesLine(long sentence, String feature) {
        return sentence + " ||| " + text + " ||| List= " + originalScore + " " + feature + "= " + rescore + " ||| "
                + total;
    }
}
