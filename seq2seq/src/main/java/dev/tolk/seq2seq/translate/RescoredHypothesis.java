package dev.tolk.seq2seq.translate;

/**
 * A hypothesis of an n-best list after rescoring.
 *
 * @param text the hypothesis
 * @param originalScore its score in the list
 * @param rescore the rescoring model's score ({@link HypothesisScorer})
 * @param total the weighted sum that ranks the list ({@link NbestReranker})
 */
public record RescoredHypothesis(String text, double originalScore, double rescore, double total) {}
