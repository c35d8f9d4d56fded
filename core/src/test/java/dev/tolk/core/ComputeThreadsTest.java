package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** The hand-off of parts to worker threads: every part runs exactly once, failures surface, nesting is serial. */
class ComputeThreadsTest {

    @Test
    void everyPartRunsOnceInManyBackToBackCalls() {
        AtomicLongArray runs = new AtomicLongArray(3);
        for (int call = 0; call < 2_000; call++) {
            ComputeThreads.shared().run(call % 2 == 0 ? 2 : 3, runs::incrementAndGet);
        }
        assertEquals(2_000, runs.get(0));
        assertEquals(2_000, runs.get(1));
        assertEquals(1_000, runs.get(2));
    }

    @Test
    void resultsWrittenByOtherThreadsAreVisibleAfterRun() {
        for (int call = 0; call < 2_000; call++) {
            int[] out = new int[4];
            int c = call;
            ComputeThreads.shared().run(4, i -> out[i] = c + i);
            assertArrayEquals(new int[] {call, call + 1, call + 2, call + 3}, out);
        }
    }

    @Test
    void aFailingPartIsRethrownAfterTheOthersFinish() {
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ComputeThreads.shared().run(2, i -> {
                    if (i == 1) {
                        throw new IllegalStateException("part 1 failed");
                    }
                    finished.incrementAndGet();
                }));
        assertEquals("part 1 failed", e.getMessage());
        assertEquals(1, finished.get());
        // the workers are still usable
        AtomicInteger ok = new AtomicInteger();
        ComputeThreads.shared().run(2, i -> ok.incrementAndGet());
        assertEquals(2, ok.get());
    }

    @Test
    void nestedAndConcurrentCallsRunEveryPart() throws Exception {
        AtomicInteger inner = new AtomicInteger();
        ComputeThreads.shared().run(2, i -> {
            assertTrue(ComputeThreads.inPart());
            ComputeThreads.shared().run(3, j -> inner.incrementAndGet());
        });
        assertEquals(6, inner.get());
        AtomicInteger total = new AtomicInteger();
        Thread[] callers = new Thread[3];
        for (int t = 0; t < callers.length; t++) {
            callers[t] = new Thread(() -> {
                for (int k = 0; k < 500; k++) {
                    ComputeThreads.shared().run(2, i -> total.incrementAndGet());
                }
            });
            callers[t].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        assertEquals(3 * 500 * 2, total.get());
    }
}
