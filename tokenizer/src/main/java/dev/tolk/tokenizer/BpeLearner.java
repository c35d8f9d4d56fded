package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns {@link BpeModel} merges from a corpus (Sennrich et al. 2016, Algorithm 1, with incremental pair counts).
 * Lines are split into word pieces by {@link WordTokenizer#pieces(String)} (so merges may absorb the {@code ▁}
 * space marker, as in SentencePiece); each piece starts as its code points (an escape pair is one symbol). The
 * most frequent adjacent pair is merged repeatedly; ties are broken by the lexicographically smallest
 * {@code (left, right)}, so the result is deterministic and independent of hash order.
 *
 * <p>The target vocabulary size counts the initial alphabet plus one symbol per merge; learning stops earlier
 * when no pair occurs at least {@code minPairFrequency} times.
 *
 * @param targetVocabularySize alphabet size + number of merges wanted, at least 1
 * @param minPairFrequency a pair seen fewer times is never merged, at least 1 (default 2)
 */
public record BpeLearner(int targetVocabularySize, int minPairFrequency) {
    private static final Logger LOG = LoggerFactory.getLogger(BpeLearner.class);

    /** Validates the settings. */
    public BpeLearner {
        if (targetVocabularySize < 1) {
            throw new IllegalArgumentException("BPE target vocabulary size must be >= 1, got " + targetVocabularySize);
        }
        if (minPairFrequency < 1) {
            throw new IllegalArgumentException("BPE minimum pair frequency must be >= 1, got " + minPairFrequency);
        }
    }

    /** A learner with minimum pair frequency 2. */
    public BpeLearner(int targetVocabularySize) {
        this(targetVocabularySize, 2);
    }

    private record Candidate(long key, long count, String left, String right) {}

    /** Learns merges from {@code lines} (one document per element; read once). */
    public BpeModel learn(Iterable<String> lines) {
        Map<String, long[]> counts = new HashMap<>();
        for (String line : lines) {
            for (String piece : WordTokenizer.INSTANCE.pieces(line)) {
                counts.computeIfAbsent(piece, k -> new long[1])[0]++;
            }
        }
        return learnFromCounts(new TreeMap<>(counts));
    }

    private BpeModel learnFromCounts(TreeMap<String, long[]> counts) {
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        int[][] words = new int[counts.size()][];
        long[] freq = new long[counts.size()];
        int w = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            List<String> init = BpeTokenizer.initialSymbols(e.getKey());
            int[] seq = new int[init.size()];
            for (int j = 0; j < seq.length; j++) {
                seq[j] = ids.computeIfAbsent(init.get(j), s -> {
                    symbols.add(s);
                    return symbols.size() - 1;
                });
            }
            words[w] = seq;
            freq[w] = e.getValue()[0];
            w++;
        }
        int alphabet = symbols.size();
        int wanted = Math.max(0, targetVocabularySize - alphabet);
        Map<Long, long[]> pairCount = new HashMap<>();
        Map<Long, List<Integer>> pairWords = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            int[] seq = words[i];
            for (int j = 0; j + 1 < seq.length; j++) {
                long key = key(seq[j], seq[j + 1]);
                pairCount.computeIfAbsent(key, k -> new long[1])[0] += freq[i];
                List<Integer> ws = pairWords.computeIfAbsent(key, k -> new ArrayList<>(2));
                if (ws.isEmpty() || ws.get(ws.size() - 1) != i) {
                    ws.add(i);
                }
            }
        }
        PriorityQueue<Candidate> heap = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(b.count(), a.count());
            if (c != 0) {
                return c;
            }
            c = a.left().compareTo(b.left());
            return c != 0 ? c : a.right().compareTo(b.right());
        });
        for (Map.Entry<Long, long[]> e : pairCount.entrySet()) {
            heap.add(candidate(e.getKey(), e.getValue()[0], symbols));
        }
        List<BpeModel.Merge> merges = new ArrayList<>(wanted);
        Set<BpeModel.Merge> learned = new HashSet<>();
        int step = 0;
        int[] visited = new int[words.length];
        Arrays.fill(visited, -1);
        while (merges.size() < wanted) {
            Candidate best = heap.poll();
            if (best == null) {
                break;
            }
            long[] current = pairCount.get(best.key());
            if (current == null || current[0] != best.count()) {
                continue; // stale entry
            }
            if (best.count() < minPairFrequency) {
                break;
            }
            int a = (int) (best.key() >>> 32);
            int b = (int) best.key();
            String merged = best.left() + best.right();
            Integer existing = ids.get(merged);
            int c;
            if (existing != null) {
                c = existing; // the concatenation already exists as a symbol via another merge path
            } else {
                symbols.add(merged);
                c = symbols.size() - 1;
                ids.put(merged, c);
            }
            BpeModel.Merge merge = new BpeModel.Merge(best.left(), best.right());
            if (learned.add(merge)) {
                merges.add(merge);
            }
            int mergeIndex = ++step;
            Set<Long> touched = new HashSet<>();
            List<Integer> affected = pairWords.get(best.key());
            for (int idx = 0; idx < affected.size(); idx++) {
                int wi = affected.get(idx);
                if (visited[wi] == mergeIndex) {
                    continue;
                }
                visited[wi] = mergeIndex;
                int[] seq = words[wi];
                if (!contains(seq, a, b)) {
                    continue;
                }
                long f = freq[wi];
                for (int j = 0; j + 1 < seq.length; j++) {
                    long k = key(seq[j], seq[j + 1]);
                    pairCount.get(k)[0] -= f;
                    touched.add(k);
                }
                int[] next = mergePair(seq, a, b, c);
                words[wi] = next;
                for (int j = 0; j + 1 < next.length; j++) {
                    long k = key(next[j], next[j + 1]);
                    pairCount.computeIfAbsent(k, x -> new long[1])[0] += f;
                    touched.add(k);
                    if (next[j] == c || next[j + 1] == c) {
                        List<Integer> ws = pairWords.computeIfAbsent(k, x -> new ArrayList<>(2));
                        if (ws.isEmpty() || ws.get(ws.size() - 1) != wi) {
                            ws.add(wi);
                        }
                    }
                }
            }
            for (long k : touched) {
                long n = pairCount.get(k)[0];
                if (n <= 0) {
                    pairCount.remove(k);
                    pairWords.remove(k);
                } else {
                    heap.add(candidate(k, n, symbols));
                }
            }
        }
        LOG.info(
                "BPE: {} word types, alphabet {}, {} merges (target vocabulary {})",
                words.length,
                alphabet,
                merges.size(),
                targetVocabularySize);
        return new BpeModel(merges);
    }

    private static Candidate candidate(long key, long count, List<String> symbols) {
        return new Candidate(key, count, symbols.get((int) (key >>> 32)), symbols.get((int) key));
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private static boolean contains(int[] seq, int a, int b) {
        for (int j = 0; j + 1 < seq.length; j++) {
            if (seq[j] == a && seq[j + 1] == b) {
                return true;
            }
        }
        return false;
    }

    /** Replaces every non-overlapping occurrence of {@code a b}, left to right, by {@code c}. */
    static int[] mergePair(int[] seq, int a, int b, int c) {
        int[] out = new int[seq.length];
        int n = 0;
        for (int j = 0; j < seq.length; j++) {
            if (j + 1 < seq.length && seq[j] == a && seq[j + 1] == b) {
                out[n++] = c;
                j++;
            } else {
                out[n++] = seq[j];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
