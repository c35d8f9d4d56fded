/**
 * The standard performance benchmarks of {@code ../shared/BENCHMARKS.md} as library code: each takes a validated
 * configuration, warms up, times repetitions, and returns a result record that renders itself as the JSON fields
 * scripts parse ({@link dev.tolk.bench.BenchmarkResult#fields()}) and as text for people. The {@code tolk bench}
 * command parses options, calls these and prints. Benchmarks are the way speed is measured in this project, never
 * timed unit tests.
 */
package dev.tolk.bench;
