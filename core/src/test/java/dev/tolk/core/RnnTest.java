package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Gradient checks of {@link Rnn} over masked sequences in every configuration, and its semantics. */
@Tag("gradients")
class RnnTest {
    private static final int T = 4;
    private static final int B = 3;
    private static final int IN = 3;
    private static final int H = 4;
    private static final int[] LENGTHS = {4, 2, 3};

    private static void checkGradients(RnnConfig config, int[] lengths, boolean withFinalStateLoss) {
        Rnn rnn = new Rnn("rnn", config, 5);
        Tensor x = GradientChecker.random(1, T, B, IN);
        Tensor w = GradientChecker.random(2, T, B, config.outputSize());
        int states = config.layers() * config.directions();
        int parts = rnn.cell(0, 0).stateParts();
        Tensor[] h0 = new Tensor[states];
        Tensor[] wFinal = new Tensor[states];
        Tensor[] dh0 = new Tensor[states];
        for (int i = 0; i < states; i++) {
            h0[i] = GradientChecker.random(10 + i, parts, B, H);
            wFinal[i] = withFinalStateLoss ? GradientChecker.random(20 + i, parts, B, H) : null;
            dh0[i] = Tensor.zeros(parts, B, H);
        }
        Tensor dx = Tensor.zeros(T, B, IN);
        List<GradientChecker.Target> t = new ArrayList<>(GradientChecker.targets(rnn.parameters()));
        t.add(new GradientChecker.Target("x", x, dx));
        for (int i = 0; i < states; i++) {
            t.add(new GradientChecker.Target("h0[" + i + "]", h0[i], dh0[i]));
        }
        GradientChecker.standard()
                .check(
                        () -> {
                            Tensor out = rnn.forward(x, lengths, h0, false);
                            double l = GradientChecker.projection(out, w);
                            for (int i = 0; i < states && withFinalStateLoss; i++) {
                                l += GradientChecker.projection(
                                        rnn.finalState(i / config.directions(), i % config.directions()), wFinal[i]);
                            }
                            return l;
                        },
                        () -> {
                            rnn.forward(x, lengths, h0, true);
                            dx.copyFrom(rnn.backward(w, withFinalStateLoss ? wFinal : null));
                            for (int i = 0; i < states; i++) {
                                dh0[i].copyFrom(
                                        rnn.initialStateGradient(i / config.directions(), i % config.directions()));
                            }
                        },
                        t)
                .assertPassed();
    }

    @Test
    void unidirectionalGruMasked() {
        checkGradients(RnnConfig.of(CellType.GRU, IN, H), LENGTHS, true);
    }

    @Test
    void unidirectionalLstmMasked() {
        checkGradients(RnnConfig.of(CellType.LSTM, IN, H), LENGTHS, true);
    }

    @Test
    void bidirectionalGruMasked() {
        checkGradients(new RnnConfig(CellType.GRU, IN, H, 1, true, false, 0f, 0), LENGTHS, true);
    }

    @Test
    void stackedResidualBidirectionalGruMasked() {
        checkGradients(new RnnConfig(CellType.GRU, IN, H, 2, true, true, 0f, 0), LENGTHS, true);
    }

    @Test
    void stackedSimpleRnnWithoutLengths() {
        checkGradients(new RnnConfig(CellType.RNN, IN, H, 2, false, false, 0f, 0), null, false);
    }

    @Test
    void bidirectionalBackwardDirectionStartsAtEachSentencesLastToken() {
        RnnConfig config = new RnnConfig(CellType.GRU, IN, H, 1, true, false, 0f, 0);
        Rnn rnn = new Rnn("rnn", config, 5);
        Tensor x = GradientChecker.random(1, T, B, IN);
        Tensor out = rnn.forward(x, LENGTHS, null, false).copy();
        // sentence 1 has length 2: the same sentence alone, unpadded, gives the same outputs at t < 2
        Tensor alone = Tensor.zeros(2, 1, IN);
        for (int t = 0; t < 2; t++) {
            alone.row(t).copyFrom(x.row(t).row(1));
        }
        Tensor ref = rnn.forward(alone, null, null, false);
        for (int t = 0; t < 2; t++) {
            assertArrayEquals(ref.row(t).toArray(), out.row(t).row(1).toArray(), 1e-6f, "t = " + t);
        }
        assertArrayEquals(new float[2 * H], out.row(2).row(1).toArray(), 0f, "padding output is zero");
    }

    @Test
    void truncatedBpttEqualsSumOfDetachedSegments() {
        int k = 2;
        RnnConfig truncated = new RnnConfig(CellType.GRU, IN, H, 1, false, false, 0f, k);
        Rnn a = new Rnn("rnn", truncated, 5);
        Rnn b = new Rnn("rnn", RnnConfig.of(CellType.GRU, IN, H), 5);
        Tensor x = GradientChecker.random(1, T, B, IN);
        Tensor w = GradientChecker.random(2, T, B, H);
        a.forward(x, null, null, true);
        Tensor dx = a.backward(w, null).copy();
        // reference: two segments of k steps, the second starting from the first's final state (detached)
        b.forward(x.rows(0, k), null, null, true);
        Tensor carry = b.finalState(0, 0).copy();
        Tensor dx1 = b.backward(w.rows(0, k), null).copy();
        b.forward(x.rows(k, k), null, new Tensor[] {carry}, true);
        Tensor dx2 = b.backward(w.rows(k, k), null).copy();
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(
                    b.parameters().get(i).grad().toArray(),
                    a.parameters().get(i).grad().toArray(),
                    1e-5f,
                    a.parameters().get(i).name());
        }
        assertArrayEquals(dx1.toArray(), dx.rows(0, k).toArray(), 1e-6f);
        assertArrayEquals(dx2.toArray(), dx.rows(k, k).toArray(), 1e-6f);
    }

    @Test
    void truncatedGradientCheckWithinOneSegment() {
        // with T ≤ k truncation changes nothing: the gradient is the exact one
        checkGradients(new RnnConfig(CellType.GRU, IN, H, 2, true, true, 0f, T), LENGTHS, true);
    }

    @Test
    void dropoutBetweenLayersIsSeededAndOffAtInference() {
        RnnConfig config = new RnnConfig(CellType.GRU, IN, H, 2, false, false, 0.5f, 0);
        Tensor x = GradientChecker.random(1, T, B, IN);
        Tensor a = new Rnn("r", config, 5).forward(x, null, null, true).copy();
        Tensor b = new Rnn("r", config, 5).forward(x, null, null, true).copy();
        assertArrayEquals(a.toArray(), b.toArray(), 0f);
        Rnn r = new Rnn("r", config, 5);
        Tensor inference = r.forward(x, null, null, false).copy();
        Rnn noDrop = new Rnn("r", new RnnConfig(CellType.GRU, IN, H, 2, false, false, 0f, 0), 5);
        assertArrayEquals(noDrop.forward(x, null, null, false).toArray(), inference.toArray(), 0f);
        r.forward(x, null, null, true);
        Tensor dx = r.backward(GradientChecker.random(3, T, B, H), null);
        assertEquals(T * B * IN, dx.size());
    }

    @Test
    void buffersAreReusedAcrossShapesAndLifecycleIsEnforced() {
        Rnn rnn = new Rnn("rnn", RnnConfig.of(CellType.GRU, IN, H), 5);
        assertThrows(IllegalStateException.class, () -> rnn.backward(Tensor.zeros(T, B, H), null));
        Tensor x = GradientChecker.random(1, T, B, IN);
        float[] first = rnn.forward(x, null, null, false).toArray();
        rnn.forward(GradientChecker.random(2, 6, 5, IN), null, null, true); // grows
        assertArrayEquals(first, rnn.forward(x, null, null, false).toArray(), 0f);
        assertThrows(IllegalStateException.class, () -> rnn.backward(Tensor.zeros(T, B, H), null));
        rnn.forward(x, null, null, true);
        rnn.backward(Tensor.zeros(T, B, H), null);
        assertThrows(IllegalStateException.class, () -> rnn.backward(Tensor.zeros(T, B, H), null));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> rnn.forward(Tensor.zeros(T, B, IN + 1), null, null, false));
        assertEquals("Rnn.forward: x is [4, 3, 4] but expected [T, B, 3]", e.getMessage());
    }
}
