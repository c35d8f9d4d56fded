package dev.tolk.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * A fault injected for testing fault tolerance: the first attempt of one partition's translation task fails after
 * producing some rows; Spark then retries it (given {@code spark.task.maxFailures > 1}, e.g. master
 * {@code local[2,2]}).
 *
 * @param partition the partition whose first attempt fails
 * @param afterRows rows the attempt produces before failing
 */
record FaultPlan(int partition, long afterRows) implements Serializable {
    /** Throws when this is the planned task's first attempt and it has produced {@code afterRows} rows. */
    void check(TaskContext task, long produced) {
        if (task != null && task.partitionId() == partition && task.attemptNumber() == 0 && produced >= afterRows) {
            throw new IllegalStateException("injected fault: partition " + partition + ", attempt 0, after " + produced
                    + " rows (the retry must give the same output)");
        }
    }
}
