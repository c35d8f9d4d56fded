package dev.tolk.data.batch;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The batches of one epoch from a given position, built lazily one at a time. {@link #position()} is where
 * to resume after the batches delivered so far. Single-threaded.
 */
public final class EpochCursor implements Iterator<Batch> {
    private final Batcher batcher;
    private final int epoch;
    private final List<int[]> plan;
    private int next;

    EpochCursor(Batcher batcher, int epoch, List<int[]> plan, int start) {
        this.batcher = batcher;
        this.epoch = epoch;
        this.plan = plan;
        this.next = start;
    }

    /** The epoch number. */
    public int epoch() {
        return epoch;
    }

    /** The number of batches in this epoch. */
    public int size() {
        return plan.size();
    }

    /** The index within the epoch of the next batch. */
    public int nextIndex() {
        return next;
    }

    @Override
    public boolean hasNext() {
        return next < plan.size();
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + plan.size() + " batches, all delivered");
        }
        return batcher.batch(plan.get(next++));
    }

    /** The position after the batches delivered so far: save it to resume with the next batch. */
    public BatchPosition position() {
        return batcher.positionOf(epoch, next);
    }
}
