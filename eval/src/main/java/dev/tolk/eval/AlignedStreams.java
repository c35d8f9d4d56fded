package dev.tolk.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hypothesis and reference streams of one scoring run, checked to be line-aligned: at least one of each, the first
 * hypothesis stream not empty, and every stream as long as it. Errors name the stream and the first line where
 * they part ({@code ref2.txt:101: ...}).
 *
 * @param hypotheses one stream per system (one for a score, two for a paired test)
 * @param references one stream per reference translation
 */
public record AlignedStreams(List<Segments> hypotheses, List<Segments> references) {

    /**
     * One named stream of segments.
     *
     * @param name the file name (or {@code <stdin>}, or {@code file.csv[column]}) for messages
     * @param segments the segments, in order
     */
    public record Segments(String name, List<String> segments) {
        /** Copies the segments. */
        public Segments {
            Objects.requireNonNull(name, "name");
            segments = List.copyOf(segments);
        }

        /**
         * A stream read as sacreBLEU's command line reads it: {@link SegmentFile} (UTF-8, split on {@code "\n"},
         * an empty line an empty segment), then every segment right-stripped as Python's {@code str.rstrip()}.
         */
        public static Segments read(Path file) throws IOException {
            return of(file.toString(), SegmentFile.read(file));
        }

        /** As {@link #read(Path)}, from a stream (read to its end, not closed). */
        public static Segments read(InputStream in, String name) throws IOException {
            return of(name, SegmentFile.read(in, name));
        }

        /** Segments from elsewhere (e.g. a corpus column), right-stripped as sacreBLEU's command line does. */
        public static Segments of(String name, List<String> lines) {
            List<String> out = new ArrayList<>(lines.size());
            for (String l : lines) {
                out.add(PythonText.rstrip(l));
            }
            return new Segments(name, out);
        }
    }

    /** Validates the alignment. */
    public AlignedStreams {
        hypotheses = List.copyOf(hypotheses);
        references = List.copyOf(references);
        if (hypotheses.isEmpty() || references.isEmpty()) {
            throw new IllegalArgumentException("give at least one hypothesis and one reference stream");
        }
        Segments first = hypotheses.get(0);
        int n = first.segments().size();
        if (n == 0) {
            throw new IllegalArgumentException(
                    first.name() + ": no segments (the file is empty); give one hypothesis per line");
        }
        for (Segments h : hypotheses.subList(1, hypotheses.size())) {
            sameLength(first, h, "hypothesis");
        }
        for (Segments r : references) {
            sameLength(first, r, "reference");
        }
    }

    private static void sameLength(Segments first, Segments other, String role) {
        int n = first.segments().size();
        int m = other.segments().size();
        if (m != n) {
            throw new IllegalArgumentException(other.name() + ":" + (Math.min(n, m) + 1) + ": " + role + " file has "
                    + m + " lines but " + first.name() + " has " + n + "; files must be line-aligned, one segment"
                    + " per line");
        }
    }

    /** The segments of hypothesis stream {@code k}. */
    public List<String> hypothesis(int k) {
        return hypotheses.get(k).segments();
    }

    /** The reference streams' segments, as the metrics take them. */
    public List<List<String>> referenceLists() {
        return references.stream().map(Segments::segments).toList();
    }

    /** The references of segment {@code i} (0-based), one per stream. */
    public List<String> referencesOf(int i) {
        return references.stream().map(r -> r.segments().get(i)).toList();
    }
}
