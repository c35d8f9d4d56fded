package dev.tolk.seq2seq.translate;

import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.ForcedDecoding;
import dev.tolk.seq2seq.search.SourceBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The score a model (or ensemble) gives to translations it did not necessarily produce: each hypothesis text is
 * preprocessed as the model's targets were in training (its tokenizer and vocabulary; reversed for a right-to-left
 * model), then force-decoded ({@link ForcedDecoding}), and its log-probability normalised as beam search normalises
 * its own: {@code log P(y + </s> | x) / ((5 + |y| + 1) / 6)^α} (GNMT, Wu et al. 2016). This is Marian's
 * {@code marian-scorer} and Nematus's {@code rescore.py} for Tolk models. Not thread-safe.
 */
public final class HypothesisScorer {
    private final TextEncoding encoding;
    private final ForcedDecoding forced;
    private final double alpha;

    /**
     * @param model the scoring model(s), e.g. a right-to-left one
     * @param lengthPenalty GNMT α ≥ 0 for the normalisation (0: raw log-probabilities)
     */
    public HypothesisScorer(Translator model, double lengthPenalty) {
        if (!(lengthPenalty >= 0)) {
            throw new IllegalArgumentException("length penalty must be >= 0, got " + lengthPenalty);
        }
        this.encoding = model.encoding();
        this.forced = new ForcedDecoding(model.decoder());
        this.alpha = lengthPenalty;
    }

    /**
     * Scores every hypothesis of every source; sources are decoded together in the given groups, so callers pass
     * a few sentences at a time.
     *
     * @param sources source sentences
     * @param hypotheses per source, its hypotheses (possibly none)
     * @return per source, the normalised log-probability of each hypothesis, in order
     */
    public List<double[]> score(List<String> sources, List<List<String>> hypotheses) {
        if (sources.size() != hypotheses.size()) {
            throw new IllegalArgumentException(
                    sources.size() + " sources but " + hypotheses.size() + " hypothesis lists");
        }
        List<int[]> src = new ArrayList<>(sources.size());
        List<Integer> rowSource = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            src.add(encoding.encodeSource(encoding.sourcePieces(sources.get(s))));
            for (String h : hypotheses.get(s)) {
                int[] ids = encoding.encodeTarget(encoding.targetPieces(h));
                targets.add(java.util.Arrays.copyOf(ids, ids.length - 1)); // without </s>
                rowSource.add(s);
            }
        }
        double[] logP = targets.isEmpty()
                ? new double[0]
                : forced.score(
                        SourceBatch.of(src),
                        rowSource.stream().mapToInt(Integer::intValue).toArray(),
                        targets);
        List<double[]> out = new ArrayList<>(sources.size());
        int row = 0;
        for (List<String> hyps : hypotheses) {
            double[] scores = new double[hyps.size()];
            for (int j = 0; j < scores.length; j++, row++) {
                scores[j] = logP[row] / Candidate.lengthPenalty(targets.get(row).length + 1, alpha);
            }
            out.add(scores);
        }
        return out;
    }
}
