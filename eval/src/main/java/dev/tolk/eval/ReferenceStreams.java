package dev.tolk.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks and reads reference streams as sacreBLEU 2.6.0 does: one list per reference stream, aligned with the
 * hypotheses. An empty reference ({@code ""}, e.g. an empty line of a reference file) is a reference: it has length
 * 0, takes part in BLEU's closest-length choice and matches nothing. Only a missing reference ({@code null}, which
 * sacreBLEU's API writes as {@code None}) is dropped, so that segments may have fewer references; a segment without
 * any reference is an error. The signature's {@code nrefs} is the number of references per segment, or {@code var}
 * when it varies.
 */
final class ReferenceStreams {
    private ReferenceStreams() {}

    /** Validates shapes: at least one stream, each as long as {@code hypotheses}, no null hypothesis. */
    static void check(String metric, List<String> hypotheses, List<List<String>> references) {
        Objects.requireNonNull(hypotheses, metric + ": hypotheses");
        Objects.requireNonNull(references, metric + ": references");
        if (references.isEmpty()) {
            throw new IllegalArgumentException(metric + ": no reference stream given; pass at least one list of "
                    + "references aligned with the hypotheses");
        }
        for (int i = 0; i < hypotheses.size(); i++) {
            if (hypotheses.get(i) == null) {
                throw new IllegalArgumentException(metric + ": hypothesis segment " + (i + 1) + " is null");
            }
        }
        for (int s = 0; s < references.size(); s++) {
            List<String> stream = Objects.requireNonNull(references.get(s), metric + ": reference stream " + (s + 1));
            if (stream.size() != hypotheses.size()) {
                throw new IllegalArgumentException(metric + ": reference stream " + (s + 1) + " has " + stream.size()
                        + " segments but there are " + hypotheses.size() + " hypotheses; streams must be line-aligned");
            }
        }
    }

    /** The references of segment {@code i} (0-based): every stream's, empty ones included, missing ones not. */
    static List<String> segment(String metric, List<List<String>> references, int i) {
        List<String> out = new ArrayList<>(references.size());
        for (List<String> stream : references) {
            String r = stream.get(i);
            if (r != null) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(metric + ": segment " + (i + 1) + " has no reference in any stream"
                    + " (all are missing, null); give at least one reference, an empty one if need be");
        }
        return out;
    }

    /** sacreBLEU's nrefs field from the per-segment reference counts seen. */
    static String nrefs(int minRefs, int maxRefs, int streams) {
        if (minRefs > maxRefs) {
            return Integer.toString(streams); // no segments
        }
        return minRefs == maxRefs ? Integer.toString(minRefs) : "var";
    }
}
