package dev.tolk.seq2seq.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.tokenizer.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ensemble decoding: the averaged log-probabilities of one step against a hand computation, an ensemble of one model
 * and of a model with its copy against the model alone, and two differently seeded models on the reverse task.
 */
class EnsembleTest {
    static Seq2SeqModel a;
    static Seq2SeqModel b;
    static List<int[]> sources;

    @BeforeAll
    static void train() {
        a = ReverseTask.train(7, 300);
        b = ReverseTask.train(8, 300);
        sources = ReverseTask.sources(60);
    }

    /** One step's log-probabilities {@code [N, V]} of a decoder, from {@code <s>}, then two more tokens. */
    private static float[][] steps(StepDecoder d, SourceBatch src) {
        int n = d.start(src, null);
        Tensor lp = Tensor.zeros(n, d.vocabularySize());
        int[] prev = new int[n];
        java.util.Arrays.fill(prev, Vocabulary.BOS_ID);
        float[][] out = new float[3][];
        for (int t = 0; t < 3; t++) {
            d.step(prev, lp);
            out[t] = lp.toArray();
            java.util.Arrays.fill(prev, Vocabulary.SPECIALS.size() + t);
            d.advance(null);
        }
        return out;
    }

    @Test
    void averagedLogProbabilitiesEqualAHandComputation() {
        SourceBatch src = SourceBatch.of(sources.subList(0, 5));
        float[][] la = steps(new ModelDecoder(a), src);
        float[][] lb = steps(new ModelDecoder(b), src);
        Seq2SeqModel a2 = ReverseTask.copy(a);
        float[][] two = steps(Ensemble.of(List.of(a, b)), src);
        float[][] three = steps(Ensemble.of(List.of(a, b, a2)), src);
        for (int t = 0; t < 3; t++) {
            float[] expected2 = new float[la[t].length];
            float[] expected3 = new float[la[t].length];
            for (int i = 0; i < expected2.length; i++) {
                expected2[i] = (la[t][i] + lb[t][i]) * 0.5f;
                expected3[i] = ((la[t][i] + lb[t][i]) + la[t][i]) * (1f / 3);
            }
            assertArrayEquals(expected2, two[t], 0f, "step " + t);
            assertArrayEquals(expected3, three[t], 0f, "step " + t);
        }
        assertNotEquals(la[0][5], lb[0][5], "the two models differ");
    }

    @Test
    void anEnsembleOfOneModelDecodesBitIdentically() {
        SourceBatch src = SourceBatch.of(sources);
        List<Candidate> single = new GreedySearch(a, 2.0, 0.6, true).search(src);
        List<Candidate> ensemble = new GreedySearch(Ensemble.of(List.of(a)), 2.0, 0.6, true).search(src);
        for (int i = 0; i < sources.size(); i++) {
            assertSame(single.get(i), ensemble.get(i));
        }
        List<List<Candidate>> beam = new BeamSearch(a, 4, 0.6, 2.0, 4, true).search(src);
        List<List<Candidate>> beamEnsemble = new BeamSearch(Ensemble.of(List.of(a)), 4, 0.6, 2.0, 4, true).search(src);
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(beam.get(i).size(), beamEnsemble.get(i).size());
            for (int j = 0; j < beam.get(i).size(); j++) {
                assertSame(beam.get(i).get(j), beamEnsemble.get(i).get(j));
            }
        }
    }

    @Test
    void anEnsembleOfAModelWithItsCopyGivesTheModelsTranslationsAndScores() {
        SourceBatch src = SourceBatch.of(sources);
        List<List<Candidate>> single = new BeamSearch(a, 3, 0.6, 2.0, 3, false).search(src);
        List<List<Candidate>> twice =
                new BeamSearch(Ensemble.of(List.of(a, ReverseTask.copy(a))), 3, 0.6, 2.0, 3, false).search(src);
        for (int i = 0; i < sources.size(); i++) {
            for (int j = 0; j < single.get(i).size(); j++) {
                Candidate x = single.get(i).get(j);
                Candidate y = twice.get(i).get(j);
                assertArrayEquals(x.ids(), y.ids());
                assertEquals(x.score(), y.score(), 1e-6 * Math.abs(x.score()));
            }
        }
    }

    @Test
    void twoDifferentlySeededModelsDecodeTheReverseTask() {
        SourceBatch src = SourceBatch.of(sources);
        Ensemble ab = Ensemble.of(List.of(a, b));
        int greedy = ReverseTask.exact(
                sources,
                new GreedySearch(ab, 2.0, 0.0, false)
                        .search(src).stream().map(Candidate::ids).toList());
        int beam = ReverseTask.exact(
                sources,
                new BeamSearch(ab, 4, 0.6, 2.0, 1, false)
                        .search(src).stream().map(l -> l.get(0).ids()).toList());
        assertTrue(greedy >= 54, greedy + " of 60 reversed exactly (greedy)");
        assertTrue(beam >= 54, beam + " of 60 reversed exactly (beam 4)");
    }

    @Test
    void theSameModelObjectTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ensemble.of(List.of(a, a)));
        assertTrue(e.getMessage().contains("load the model twice"), e.getMessage());
    }

    private static void assertSame(Candidate x, Candidate y) {
        assertArrayEquals(x.ids(), y.ids());
        assertEquals(Double.doubleToLongBits(x.score()), Double.doubleToLongBits(y.score()));
        assertEquals(Double.doubleToLongBits(x.logProbability()), Double.doubleToLongBits(y.logProbability()));
        assertArrayEquals(x.alignment(), y.alignment());
        for (int t = 0; t < x.ids().length; t++) {
            assertArrayEquals(x.attention()[t], y.attention()[t], 0f);
        }
    }
}
