package dev.tolk.eval;

/**
 * The n-grams (orders 1..maxOrder) of one hypothesis, for counting clipped matches against references.
 *
 * <p>Units (tokens or characters) are ints; a unit of -1 matches nothing. Each hypothesis n-gram of order n gets
 * a dense id from the pair (id of its (n-1)-gram prefix, last unit), so n-grams of any order and any vocabulary
 * are compared exactly without building strings. A reference n-gram that does not occur in the hypothesis gets
 * id -1: it can never be matched. Not thread-safe: one instance per thread.
 */
final class NgramIndex {
    private final int maxOrder;
    private final LongIdTable[] tables;
    private final int[][] hypIds;
    private final int[][] hypCounts;
    private int hypLength;

    NgramIndex(int maxOrder) {
        this.maxOrder = maxOrder;
        this.tables = new LongIdTable[maxOrder];
        for (int i = 0; i < maxOrder; i++) {
            tables[i] = new LongIdTable();
        }
        this.hypIds = new int[maxOrder][];
        this.hypCounts = new int[maxOrder][];
    }

    private static long key(int prefixId, int unit) {
        return ((long) prefixId << 32) | (unit & 0xFFFFFFFFL);
    }

    /** Indexes the hypothesis {@code units[0..length)}. */
    void indexHypothesis(int[] units, int length) {
        hypLength = length;
        for (int n = 1; n <= maxOrder; n++) {
            int count = Math.max(0, length - n + 1);
            LongIdTable table = tables[n - 1];
            table.reset(count);
            int[] ids = new int[count];
            int[] prev = n == 1 ? null : hypIds[n - 2];
            for (int i = 0; i < count; i++) {
                ids[i] = table.getOrAdd(key(n == 1 ? 0 : prev[i], units[i + n - 1]));
            }
            int[] counts = new int[table.size()];
            for (int id : ids) {
                counts[id]++;
            }
            hypIds[n - 1] = ids;
            hypCounts[n - 1] = counts;
        }
    }

    /** Number of hypothesis n-grams of order {@code n} (1-based). */
    int hypTotal(int n) {
        return Math.max(0, hypLength - n + 1);
    }

    /** How often each distinct hypothesis n-gram of order {@code n} occurs in the hypothesis, by id. */
    int[] hypCounts(int n) {
        return hypCounts[n - 1];
    }

    /**
     * For each order n, how often each hypothesis n-gram (by id) occurs in the reference {@code units[0..length)}:
     * {@code result[n - 1][id]}.
     */
    int[][] referenceCounts(int[] units, int length) {
        int[][] result = new int[maxOrder][];
        int[] prev = null;
        for (int n = 1; n <= maxOrder; n++) {
            int count = Math.max(0, length - n + 1);
            LongIdTable table = tables[n - 1];
            int[] counts = new int[table.size()];
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                int unit = units[i + n - 1];
                int prefix = n == 1 ? 0 : prev[i];
                int id = (unit == -1 || prefix < 0) ? -1 : table.get(key(prefix, unit));
                ids[i] = id;
                if (id >= 0) {
                    counts[id]++;
                }
            }
            result[n - 1] = counts;
            prev = ids;
        }
        return result;
    }

    /** Sum over ids of {@code min(hypCount, refCount)}: the clipped matches of order {@code n}. */
    int clippedMatches(int n, int[] refCounts) {
        int[] h = hypCounts[n - 1];
        int m = 0;
        for (int id = 0; id < h.length; id++) {
            m += Math.min(h[id], refCounts[id]);
        }
        return m;
    }
}
