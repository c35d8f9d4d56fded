package dev.tolk.bench;

import java.util.Map;

/** What a benchmark measured, rendered for machines and for people. */
public interface BenchmarkResult {

    /**
     * @return the JSON object's fields in order (values: numbers, strings, booleans, null, or lists and maps of
     *     these); the keys are what {@code bench/side_by_side.py} and other scripts read
     */
    Map<String, Object> fields();

    /** @return the report for people, one or more lines each ending in a line break */
    String text();
}
