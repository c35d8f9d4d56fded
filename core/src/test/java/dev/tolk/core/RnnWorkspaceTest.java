package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The {@link Rnn}'s buffers: shapes per (T, B), views built once per shape, storage grown only when exceeded, and
 * the training buffers only for training forwards.
 */
class RnnWorkspaceTest {
    private static final int IN = 3;
    private static final int H = 4;
    // two bidirectional LSTM layers (2 state parts, projection 4H) with dropout before the second
    private static final RnnConfig CONFIG = new RnnConfig(CellType.LSTM, IN, H, 2, true, false, 0.25f, 0);

    private static RnnWorkspace workspace() {
        Rnn rnn = new Rnn("rnn", CONFIG, 1);
        RnnCell[][] cells = {{rnn.cell(0, 0), rnn.cell(0, 1)}, {rnn.cell(1, 0), rnn.cell(1, 1)}};
        return new RnnWorkspace(CONFIG, cells, new Dropout[] {null, new Dropout(0.25f)});
    }

    @Test
    void viewsHaveTheShapesOfTheEquations() {
        RnnWorkspace w = workspace();
        w.prepare(3, 2, true);
        assertEquals(3, w.steps);
        assertEquals(2, w.batch);
        for (int l = 0; l < 2; l++) {
            for (int d = 0; d < 2; d++) {
                assertArrayEquals(new int[] {6, 4 * H}, w.xProj[l][d].shape());
                assertEquals(3, w.xProjStep[l][d].length);
                assertArrayEquals(new int[] {2, 4 * H}, w.xProjStep[l][d][2].shape());
                assertEquals(4, w.stateStep[l][d].length);
                assertArrayEquals(new int[] {2, 2, H}, w.stateStep[l][d][3].shape());
                assertArrayEquals(new int[] {2, 2, H}, w.initialGrad[l][d].shape());
                assertEquals(3, w.caches[l][d].length);
                assertNotNull(w.caches[l][d][2]);
            }
            assertArrayEquals(new int[] {3, 2, 2 * H}, w.out[l].shape());
        }
        assertNull(w.drop[0]);
        assertArrayEquals(new int[] {3, 2, 2 * H}, w.drop[1].shape());
        assertArrayEquals(new int[] {3, 2, IN}, w.dIn[0].shape());
        assertArrayEquals(new int[] {3, 2, 2 * H}, w.dIn[1].shape());
        for (int d = 0; d < 2; d++) {
            assertArrayEquals(new int[] {6, 4 * H}, w.dXProj[d].shape());
            assertArrayEquals(new int[] {2, 4 * H}, w.dXProjStep[d][1].shape());
            assertArrayEquals(new int[] {2, 2, H}, w.dState[d][0].shape());
            assertArrayEquals(new int[] {2, 2, H}, w.dState[d][1].shape());
        }
        assertEquals(3, w.maskStep.length);
        assertArrayEquals(new int[] {2}, w.maskStep[2].shape());
    }

    @Test
    void stepViewsTileTheirWholeAndStatesDoNotOverlap() {
        RnnWorkspace w = workspace();
        w.prepare(3, 2, true);
        for (int s = 0; s < 3; s++) {
            w.xProjStep[0][1][s].fill(s + 1);
        }
        Tensor all = w.xProj[0][1];
        for (int row = 0; row < 6; row++) {
            assertEquals(row / 2 + 1, all.get(row, 4 * H - 1), "row " + row);
        }
        for (int s = 0; s <= 3; s++) {
            w.stateStep[1][0][s].fill(10 + s);
        }
        for (int s = 0; s <= 3; s++) {
            assertEquals(10 + s, w.stateStep[1][0][s].get(0));
            assertEquals(10 + s, w.stateStep[1][0][s].get(2 * 2 * H - 1));
        }
        w.dState[0][0].fill(1);
        w.dState[0][1].fill(2);
        assertEquals(1, w.dState[0][0].get(2 * 2 * H - 1));
    }

    @Test
    void viewsAreKeptWhileTheShapeRepeatsAndStorageGrowsOnlyWhenExceeded() {
        RnnWorkspace w = workspace();
        w.prepare(3, 2, true);
        Tensor out = w.out[1];
        Tensor[][][] states = w.stateStep;
        StepCache cache = w.caches[0][0][0];
        w.prepare(3, 2, true);
        assertSame(out, w.out[1]);
        assertSame(states, w.stateStep);

        w.prepare(2, 1, true); // smaller: new views on the same storage
        assertEquals(3, w.capT);
        assertEquals(2, w.capB);
        assertArrayEquals(new int[] {2, 1, 2 * H}, w.out[1].shape());
        assertSame(out.buffer(), w.out[1].buffer());
        assertSame(cache, w.caches[0][0][0]);

        w.prepare(5, 1, true); // more steps: storage grows to (5, 2), the batch capacity kept
        assertEquals(5, w.capT);
        assertEquals(2, w.capB);
        assertNotSame(out.buffer(), w.out[1].buffer());
        assertEquals(5, w.caches[0][0].length);
        assertArrayEquals(new int[] {5, 1, 2 * H}, w.out[1].shape());
        assertArrayEquals(new int[] {2, 1, H}, w.stateStep[0][0][5].shape());
    }

    @Test
    void anInferenceForwardAllocatesNoTrainingBuffers() {
        RnnWorkspace w = workspace();
        w.prepare(3, 2, false);
        assertArrayEquals(new int[] {3, 2, 2 * H}, w.out[1].shape());
        assertArrayEquals(new int[] {2, 2, H}, w.stateStep[0][1][3].shape());
        assertNull(w.caches);
        assertNull(w.dIn);
        assertNull(w.dXProj);
        assertEquals(0, w.trainCapB);

        w.prepare(3, 2, true); // same shape, now training: the training views are added, the forward ones kept
        Tensor out = w.out[1];
        assertEquals(3, w.caches[0][0].length);
        assertArrayEquals(new int[] {3, 2, IN}, w.dIn[0].shape());
        assertEquals(2, w.trainCapB);

        w.prepare(3, 8, false); // decoding a larger batch after training: only the forward buffers grow
        assertEquals(8, w.capB);
        assertEquals(2, w.trainCapB);
        assertNotSame(out.buffer(), w.out[1].buffer());
        assertArrayEquals(new int[] {3, 8, 2 * H}, w.out[1].shape());
        StepCache cache = w.caches[0][0][0];

        w.prepare(3, 2, true); // training again at its own size: the training storage is reused
        assertSame(cache, w.caches[0][0][0]);
        assertArrayEquals(new int[] {3, 2, 2 * H}, w.dIn[1].shape());
        assertEquals(2, w.trainCapB);
    }
}
