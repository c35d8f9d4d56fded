package dev.tolk.seq2seq.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.seq2seq.model.Seq2SeqModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forced decoding gives a search's own hypotheses the search's own raw score. */
class ForcedDecodingTest {
    static Seq2SeqModel model;
    static List<int[]> sources;

    @BeforeAll
    static void train() {
        model = ReverseTask.train(7, 150);
        sources = ReverseTask.sources(20);
    }

    @Test
    void greedyOutputsGetTheirGreedyScoreBitForBit() {
        SourceBatch src = SourceBatch.of(sources);
        List<Candidate> found = new GreedySearch(model, 2.0, 0.0).search(src);
        double[] forced = new ForcedDecoding(new ModelDecoder(model))
                .score(src, null, found.stream().map(Candidate::ids).toList());
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(found.get(i).logProbability(), forced[i], 0.0, "sentence " + i);
        }
    }

    @Test
    void beamHypothesesGetTheirBeamScore() {
        SourceBatch src = SourceBatch.of(sources);
        List<List<Candidate>> found = new BeamSearch(model, 4, 0.6, 2.0, 3).search(src);
        List<int[]> targets = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<Candidate> flat = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            for (Candidate c : found.get(s)) {
                targets.add(c.ids());
                rows.add(s);
                flat.add(c);
            }
        }
        double[] forced = new ForcedDecoding(new ModelDecoder(model))
                .score(src, rows.stream().mapToInt(Integer::intValue).toArray(), targets);
        int distinct = 0;
        for (int i = 0; i < flat.size(); i++) {
            Candidate c = flat.get(i);
            // the beam's rows are laid out K per source: the products' row count differs, hence a tolerance
            assertEquals(c.logProbability(), forced[i], 1e-5 * Math.abs(c.logProbability()) + 1e-6, "row " + i);
            assertEquals(
                    c.score(),
                    forced[i] / Candidate.lengthPenalty(c.ids().length + 1, 0.6),
                    1e-5 * Math.abs(c.score()) + 1e-6);
            distinct += i > 0 && forced[i] != forced[i - 1] ? 1 : 0;
        }
        assertTrue(distinct > flat.size() / 2, "scores differ between hypotheses");
    }
}
