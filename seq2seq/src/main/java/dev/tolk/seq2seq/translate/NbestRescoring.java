package dev.tolk.seq2seq.translate;

import dev.tolk.seq2seq.io.NbestLine;
import dev.tolk.tokenizer.Whitespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Rescores a Moses n-best list with another model (e.g. a right-to-left one) and reranks it: every hypothesis is
 * scored by a {@link HypothesisScorer} and the list's score and the new score are combined by a
 * {@link NbestReranker}. The list must be grouped by sentence in increasing order ({@code tolk translate --nbest},
 * Moses, Marian and Nematus write it so); sentences may be missing (no hypotheses). A blank source sentence keeps
 * its hypotheses unscored (NaN). Sentences are scored a few at a time; a sentence's scores do not depend on the
 * others except in the last bits (products of other row counts). Not thread-safe.
 */
public final class NbestRescoring {
    private final HypothesisScorer scorer;
    private final NbestReranker reranker;
    private final int sentencesPerBatch;

    /**
     * @param scorer the rescoring model(s)
     * @param reranker the weights
     * @param sentencesPerBatch source sentences (with all their hypotheses) scored together, &ge; 1
     */
    public NbestRescoring(HypothesisScorer scorer, NbestReranker reranker, int sentencesPerBatch) {
        if (sentencesPerBatch < 1) {
            throw new IllegalArgumentException("sentences per batch must be >= 1, got " + sentencesPerBatch);
        }
        this.scorer = scorer;
        this.reranker = reranker;
        this.sentencesPerBatch = sentencesPerBatch;
    }

    /**
     * @param sources the source sentences; sentence {@code i} of the list is {@code sources.get(i)}
     * @param nbest the list's lines, in file order
     * @param nbestName the list's name for messages
     * @return per source sentence, its hypotheses best first (empty when the list has none for it)
     * @throws IllegalArgumentException with a one-line {@code file:line:column: reason} when a sentence number is
     *     out of order or beyond the sources
     */
    public List<List<RescoredHypothesis>> rescore(List<String> sources, List<NbestLine> nbest, String nbestName) {
        List<List<NbestLine>> bySentence = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            bySentence.add(new ArrayList<>());
        }
        long last = -1;
        for (NbestLine l : nbest) {
            if (l.sentence() >= sources.size()) {
                throw new IllegalArgumentException(nbestName + ":" + l.line() + ":1: sentence " + l.sentence()
                        + " but the source has " + sources.size() + " lines (sentences are numbered from 0)");
            }
            if (l.sentence() < last) {
                throw new IllegalArgumentException(nbestName + ":" + l.line() + ":1: sentence " + l.sentence()
                        + " after sentence " + last + "; the list must be grouped by sentence in increasing order");
            }
            last = l.sentence();
            bySentence.get((int) l.sentence()).add(l);
        }
        List<List<RescoredHypothesis>> out = new ArrayList<>(sources.size());
        for (int from = 0; from < sources.size(); from += sentencesPerBatch) {
            int to = Math.min(sources.size(), from + sentencesPerBatch);
            List<String> src = new ArrayList<>();
            List<List<String>> hyps = new ArrayList<>();
            for (int s = from; s < to; s++) {
                if (scorable(sources.get(s), bySentence.get(s))) {
                    src.add(sources.get(s));
                    hyps.add(bySentence.get(s).stream().map(NbestLine::text).toList());
                }
            }
            List<double[]> scores = src.isEmpty() ? List.of() : scorer.score(src, hyps);
            int k = 0;
            for (int s = from; s < to; s++) {
                List<NbestLine> lines = bySentence.get(s);
                double[] list = lines.stream().mapToDouble(NbestLine::score).toArray();
                List<String> texts = lines.stream().map(NbestLine::text).toList();
                if (scorable(sources.get(s), lines)) {
                    out.add(reranker.rerank(texts, list, scores.get(k++)));
                } else {
                    List<RescoredHypothesis> kept = new ArrayList<>();
                    for (int j = 0; j < texts.size(); j++) {
                        kept.add(new RescoredHypothesis(texts.get(j), list[j], Double.NaN, Double.NaN));
                    }
                    out.add(kept);
                }
            }
        }
        return out;
    }

    private static boolean scorable(String source, List<NbestLine> lines) {
        return !lines.isEmpty() && !Whitespace.isBlank(source);
    }
}
