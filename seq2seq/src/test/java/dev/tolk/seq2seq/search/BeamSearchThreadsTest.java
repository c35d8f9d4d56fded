package dev.tolk.seq2seq.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.ComputeThreads;
import dev.tolk.core.Gemm;
import dev.tolk.core.Tensor;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Beam search scans the sentences' best extensions on several threads when a step has many log-probabilities: the
 * n-best lists (ids and score bits) are those of one thread. The decoder is a stand-in whose log-probabilities
 * depend only on a row's history, with a vocabulary large enough for the scan to be split.
 */
class BeamSearchThreadsTest {
    private static final int V = 3000;

    /** Log-probabilities from a hash of each row's history; {@code </s>} likelier as the history grows. */
    private static final class HashDecoder implements StepDecoder {
        private long[] state;
        private long[] next;
        private int step;

        @Override
        public int vocabularySize() {
            return V;
        }

        @Override
        public boolean attentive() {
            return false;
        }

        @Override
        public int start(SourceBatch src, int[] rowSource) {
            int n = rowSource == null ? src.size() : rowSource.length;
            state = new long[n];
            next = new long[n];
            for (int i = 0; i < n; i++) {
                state[i] = 31L * (rowSource == null ? i : rowSource[i]) + 7;
            }
            step = 0;
            return n;
        }

        @Override
        public void step(int[] prev, Tensor logProbs) {
            FloatBuffer b = logProbs.buffer();
            for (int i = 0; i < state.length; i++) {
                long h = mix(state[i] * 1_000_003L + prev[i]);
                next[i] = h;
                for (int id = 0; id < V; id++) {
                    float lp = -1f - (mix(h + id) >>> 40) / (float) (1L << 24) * 12f;
                    if (id == Vocabulary.EOS_ID) {
                        lp = -6f + step;
                    }
                    b.put(logProbs.offset() + i * V + id, lp);
                }
            }
            step++;
        }

        @Override
        public Tensor lastAttention() {
            return null;
        }

        @Override
        public void advance(int[] parents) {
            long[] s = new long[state.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = next[parents == null ? i : parents[i]];
            }
            state = s;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }

    @Test
    void twoThreadsGiveTheNBestListsOfOne() {
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sources.add(new int[] {5 + i % 7, 6, Vocabulary.EOS_ID});
        }
        SourceBatch src = SourceBatch.of(sources);
        Gemm gemm = Gemm.get();
        int before = gemm.threads();
        List<List<List<Candidate>>> results = new ArrayList<>();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                gemm.setThreads(threads);
                if (threads == 2) {
                    assertEquals(2, ComputeThreads.partsFor(40, 40L * 4 * V, 1 << 16), "the scan is split");
                }
                results.add(new BeamSearch(new HashDecoder(), 4, 0.6, 3.0, 4, false).search(src));
            }
        } finally {
            gemm.setThreads(before);
        }
        List<List<Candidate>> one = results.get(0);
        List<List<Candidate>> two = results.get(1);
        assertEquals(40, one.size());
        for (int s = 0; s < one.size(); s++) {
            assertTrue(!one.get(s).isEmpty(), "sentence " + s + " has a translation");
            assertEquals(one.get(s).size(), two.get(s).size(), "sentence " + s);
            for (int c = 0; c < one.get(s).size(); c++) {
                assertArrayEquals(one.get(s).get(c).ids(), two.get(s).get(c).ids(), "sentence " + s + ", #" + c);
                assertEquals(
                        Double.doubleToLongBits(one.get(s).get(c).score()),
                        Double.doubleToLongBits(two.get(s).get(c).score()),
                        "sentence " + s + ", #" + c);
            }
        }
    }
}
