package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link AdditiveAttention}'s buffers: sized per memory, grown only when exceeded, gradients zeroed and moved. */
class AttentionWorkspaceTest {
    private static final int A = 5;
    private static final int K = 3;

    @Test
    void prepareSizesTheViewsAndZeroesTheGradientAccumulators() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(4, 2);
        assertArrayEquals(new int[] {8, A}, w.keys.shape());
        assertArrayEquals(new int[] {8, A}, w.dKeys.shape());
        assertArrayEquals(new int[] {4, 2, K}, w.dMemory.shape());
        assertTrue(w.memArr.length >= 8 * K && w.dMemArr.length >= 8 * K);
        assertTrue(w.keysArr.length >= 8 * A && w.dKeysArr.length >= 8 * A);
        assertEquals(A, w.vArr.length);
        assertEquals(A, w.rowQ.length);
        assertEquals(K, w.rowC.length);
        assertTrue(w.rowA.length >= 4);

        w.dKeys.fill(1f);
        w.dMemory.fill(2f);
        Arrays.fill(w.dKeysArr, 3f);
        Arrays.fill(w.dMemArr, 4f);
        w.prepare(4, 2);
        assertArrayEquals(new float[8 * A], w.dKeys.toArray(), 0f);
        assertArrayEquals(new float[8 * K], w.dMemory.toArray(), 0f);
        assertArrayEquals(new float[8 * A], Arrays.copyOf(w.dKeysArr, 8 * A), 0f);
        assertArrayEquals(new float[8 * K], Arrays.copyOf(w.dMemArr, 8 * K), 0f);
    }

    @Test
    void storageGrowsOnlyWhenAMemoryExceedsIt() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(4, 2);
        Tensor keys = w.keys;
        float[] memArr = w.memArr;
        w.prepare(3, 2);
        assertArrayEquals(new int[] {6, A}, w.keys.shape());
        assertSame(keys.buffer(), w.keys.buffer());
        assertSame(memArr, w.memArr);
        w.prepare(5, 2);
        assertNotSame(keys.buffer(), w.keys.buffer());
        assertNotSame(memArr, w.memArr);
    }

    @Test
    void copyInCopiesTheMemoryAndTheComputedKeys() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(2, 3);
        Tensor memory = GradientChecker.random(1, 2, 3, K);
        Tensor keys = GradientChecker.random(2, 6, A);
        w.keys.copyFrom(keys);
        w.copyIn(memory);
        assertArrayEquals(memory.toArray(), Arrays.copyOf(w.memArr, 6 * K), 0f);
        assertArrayEquals(keys.toArray(), Arrays.copyOf(w.keysArr, 6 * A), 0f);
    }

    @Test
    void gradientsMoveFromTheHeapToTheTensorsAndRestart() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(2, 2);
        for (int i = 0; i < 4 * A; i++) {
            w.dKeysArr[i] = i;
        }
        for (int i = 0; i < 4 * K; i++) {
            w.dMemArr[i] = -i;
        }
        w.storeGradients(4);
        assertArrayEquals(Arrays.copyOf(w.dKeysArr, 4 * A), w.dKeys.toArray(), 0f);
        assertArrayEquals(Arrays.copyOf(w.dMemArr, 4 * K), w.dMemory.toArray(), 0f);
        w.dMemory.fill(7f); // the key-projection backward adds into dMemory
        w.restartGradients(4);
        assertArrayEquals(new float[4 * A], w.dKeys.toArray(), 0f);
        assertArrayEquals(new float[4 * A], Arrays.copyOf(w.dKeysArr, 4 * A), 0f);
        float[] sevens = new float[4 * K];
        Arrays.fill(sevens, 7f);
        assertArrayEquals(sevens, Arrays.copyOf(w.dMemArr, 4 * K), 0f);
    }

    @Test
    void scratchIsSizedPerCallAndReused() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(6, 2);
        AttentionWorkspace.RowScratch[] rows = w.rowScratch(2, 6);
        AttentionWorkspace.RowScratch first = rows[0];
        assertEquals(A, first.q.length);
        assertEquals(K, first.c.length);
        assertTrue(first.a.length >= 6);
        assertSame(first, w.rowScratch(1, 6)[0]);
        assertSame(rows[1], w.rowScratch(2, 4)[1]);

        Tensor dq = w.dQuery(2, 6);
        assertArrayEquals(new int[] {2, A}, dq.shape());
        dq.fill(1f);
        assertArrayEquals(new float[2 * A], w.dQuery(2, 6).toArray(), 0f);
        assertTrue(w.daScratch.length >= 6);
    }
}
