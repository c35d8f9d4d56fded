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
        assertTrue(w.memPool.length >= 8 && w.dMemRows.length >= 8);
        assertTrue(w.keyPool.length >= 8 && w.dKeyRows.length >= 8);
        assertEquals(K, w.memPool[7].length);
        assertEquals(A, w.dKeyRows[7].length);
        assertEquals(A, w.vArr.length);
        assertEquals(A, w.rowQ.length);
        assertEquals(K, w.rowC.length);
        assertTrue(w.rowA.length >= 4);

        w.dKeys.fill(1f);
        w.dMemory.fill(2f);
        for (int i = 0; i < 8; i++) {
            Arrays.fill(w.dKeyRows[i], 3f);
            Arrays.fill(w.dMemRows[i], 4f);
        }
        w.prepare(4, 2);
        assertArrayEquals(new float[8 * A], w.dKeys.toArray(), 0f);
        assertArrayEquals(new float[8 * K], w.dMemory.toArray(), 0f);
        assertArrayEquals(new float[8 * A], flat(w.dKeyRows, 8), 0f);
        assertArrayEquals(new float[8 * K], flat(w.dMemRows, 8), 0f);
    }

    @Test
    void storageGrowsOnlyWhenAMemoryExceedsIt() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(4, 2);
        Tensor keys = w.keys;
        float[][] memPool = w.memPool;
        w.prepare(3, 2);
        assertArrayEquals(new int[] {6, A}, w.keys.shape());
        assertSame(keys.buffer(), w.keys.buffer());
        assertSame(memPool, w.memPool);
        w.prepare(5, 2);
        assertNotSame(keys.buffer(), w.keys.buffer());
        assertNotSame(memPool, w.memPool);
        assertSame(memPool[7], w.memPool[7]); // the rows already there are kept
    }

    @Test
    void copyInCopiesTheMemoryAndTheComputedKeys() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(2, 3);
        Tensor memory = GradientChecker.random(1, 2, 3, K);
        Tensor keys = GradientChecker.random(2, 6, A);
        w.keys.copyFrom(keys);
        w.copyIn(memory, null);
        assertArrayEquals(memory.toArray(), flat(w.memRows, 6), 0f);
        assertArrayEquals(keys.toArray(), flat(w.keyRows, 6), 0f);
    }

    @Test
    void rowsThatShareASentenceReadOneCopyOfIt() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(2, 3); // 2 positions of 3 sentences
        Tensor memory = GradientChecker.random(3, 2, 3, K);
        w.keys.copyFrom(GradientChecker.random(4, 6, A));
        int[] rowSource = {2, 2, 0, 1}; // four step rows
        w.copyIn(memory, rowSource);
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < rowSource.length; i++) {
                assertSame(w.memPool[j * 3 + rowSource[i]], w.memRows[j * 4 + i]);
                assertSame(w.keyPool[j * 3 + rowSource[i]], w.keyRows[j * 4 + i]);
            }
        }
        assertArrayEquals(memory.toArray(), flat(w.memPool, 6), 0f);
        w.copyIn(memory, null); // a plain memory again reads the pools
        assertSame(w.memPool, w.memRows);
        assertSame(w.keyPool, w.keyRows);
    }

    @Test
    void gradientsMoveFromTheHeapToTheTensorsAndRestart() {
        AttentionWorkspace w = new AttentionWorkspace(A, K);
        w.prepare(2, 2);
        for (int i = 0; i < 4 * A; i++) {
            w.dKeyRows[i / A][i % A] = i;
        }
        for (int i = 0; i < 4 * K; i++) {
            w.dMemRows[i / K][i % K] = -i;
        }
        w.storeGradients(4);
        assertArrayEquals(flat(w.dKeyRows, 4), w.dKeys.toArray(), 0f);
        assertArrayEquals(flat(w.dMemRows, 4), w.dMemory.toArray(), 0f);
        assertEquals(4 * A - 1, w.dKeys.get(4 * A - 1), 0f);
        w.dMemory.fill(7f); // the key-projection backward adds into dMemory
        w.restartGradients(4);
        assertArrayEquals(new float[4 * A], w.dKeys.toArray(), 0f);
        assertArrayEquals(new float[4 * A], flat(w.dKeyRows, 4), 0f);
        float[] sevens = new float[4 * K];
        Arrays.fill(sevens, 7f);
        assertArrayEquals(sevens, flat(w.dMemRows, 4), 0f);
    }

    /** The first {@code n} rows, one after the other. */
    private static float[] flat(float[][] rows, int n) {
        int width = rows[0].length;
        float[] out = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
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
