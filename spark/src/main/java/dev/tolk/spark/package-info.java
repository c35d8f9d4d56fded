/**
 * Batch translation on Apache Spark: {@link dev.tolk.spark.TolkTranslator} translates a {@code Dataset<Row>} column
 * or whole files (text, CSV/TSV column, JSON Lines field, Parquet column) partition by partition, with one checked
 * model per executor JVM, batching and bad-record rules as {@code tolk translate}, and Spark's task retries for
 * fault tolerance. {@link dev.tolk.spark.TolkSparkJob} is the {@code spark-submit} entry point.
 *
 * <p>Only {@link dev.tolk.spark.TranslatorAdapter} calls seq2seq's {@code Translator}.
 */
package dev.tolk.spark;
