package dev.tolk.eval;

import java.util.List;
import java.util.Objects;

/**
 * A chrF / chrF++ score.
 *
 * @param name {@code chrF<beta>} followed by one {@code +} per word order, e.g. {@code chrF2++}
 * @param score the score on a 0–100 scale
 * @param statistics {@code [hyp, ref, match]} n-gram counts per order, character orders 1..charOrder then word
 *     orders 1..wordOrder, flattened and summed over segments; {@code hyp} is 0 for a segment whose reference
 *     has no n-gram of that order (as sacreBLEU)
 * @param signature how the score was computed
 */
public record ChrFScore(String name, double score, List<Long> statistics, Signature signature) {

    /** Copies the statistics. */
    public ChrFScore {
        Objects.requireNonNull(name, "name");
        statistics = List.copyOf(statistics);
        Objects.requireNonNull(signature, "signature");
        if (statistics.size() % 3 != 0) {
            throw new IllegalArgumentException(
                    "ChrFScore: statistics must be [hyp, ref, match] triples, got " + statistics.size() + " values");
        }
    }

    /** The {@code [hyp, ref, match]} counts of order index {@code i} (0-based: characters first, then words). */
    public long[] orderStatistics(int i) {
        return new long[] {statistics.get(3 * i), statistics.get(3 * i + 1), statistics.get(3 * i + 2)};
    }

    /** The score with two decimals, rounded as sacreBLEU prints it (Python's {@code f"{score:.2f}"}). */
    public String formatScore() {
        return PythonFloatFormat.fixed(score, 2);
    }

    /** sacreBLEU's text line, e.g. {@code chrF2|nrefs:1|...|version:tolk-0.1.0 = 59.73}. */
    public String format() {
        return name + "|" + signature.format() + " = " + PythonFloatFormat.fixed(score, 2);
    }
}
