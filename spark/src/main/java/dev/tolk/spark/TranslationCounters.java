package dev.tolk.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What the translation tasks produced, counted with Spark accumulators (a task's counts are added once, when it
 * succeeds; a failed attempt's are dropped).
 *
 * @param rows rows translated (one output row each)
 * @param empty rows whose source is empty or blank (empty translation, no model call)
 * @param corrupt rows that could not be read (permissive mode)
 */
record TranslationCounters(LongAccumulator rows, LongAccumulator empty, LongAccumulator corrupt)
        implements Serializable {

    static TranslationCounters register(SparkContext sc) {
        return new TranslationCounters(
                sc.longAccumulator("tolk rows"), sc.longAccumulator("tolk empty"), sc.longAccumulator("tolk corrupt"));
    }
}
