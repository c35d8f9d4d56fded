package dev.tolk.seq2seq.telemetry;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where NaN or infinite values were found, one {@link Finding} per affected buffer or value.
 *
 * @param findings affected buffers, in the order checked; empty when all values were finite
 */
public record NonFiniteReport(List<Finding> findings) {

    /**
     * Non-finite values in one named buffer or scalar.
     *
     * @param name the buffer's name, e.g. {@code grad/decoder.output.W} or {@code loss}
     * @param nan how many NaN
     * @param positiveInfinity how many +Inf
     * @param negativeInfinity how many -Inf
     * @param firstIndex index of the first non-finite value
     * @param size the buffer's length (1 for a scalar)
     */
    public record Finding(String name, int nan, int positiveInfinity, int negativeInfinity, int firstIndex, int size) {
        /** @return e.g. {@code grad/W: 2 NaN, 1 +Inf of 600 values (first at index 17)} */
        public String describe() {
            StringBuilder b = new StringBuilder(name).append(": ");
            String counts = Stream.of(
                            nan > 0 ? nan + " NaN" : null,
                            positiveInfinity > 0 ? positiveInfinity + " +Inf" : null,
                            negativeInfinity > 0 ? negativeInfinity + " -Inf" : null)
                    .filter(Objects::nonNull)
                    .collect(Collectors.joining(", "));
            b.append(counts);
            if (size > 1) {
                b.append(" of ")
                        .append(size)
                        .append(" values (first at index ")
                        .append(firstIndex)
                        .append(')');
            }
            return b.toString();
        }
    }

    /** Copies the findings. */
    public NonFiniteReport {
        findings = List.copyOf(findings);
    }

    /** @return whether every value checked was finite */
    public boolean isClean() {
        return findings.isEmpty();
    }

    /** The most findings {@link #message()} describes; the rest are counted. */
    public static final int MAX_LISTED = 10;

    /**
     * @return one short line: {@code "all values finite"}, or {@code "non-finite values in "} and the first
     *     {@value #MAX_LISTED} findings, then {@code "and N more"}
     */
    public String message() {
        if (findings.isEmpty()) {
            return "all values finite";
        }
        return "non-finite values in "
                + CappedList.join(findings.stream().map(Finding::describe).toList(), MAX_LISTED, "; ");
    }
}
