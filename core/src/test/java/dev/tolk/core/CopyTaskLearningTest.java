package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * End to end: Embedding → bidirectional GRU → Linear → SoftmaxCrossEntropy, trained with Adam and gradient
 * clipping, learns a copy task: output each variable-length sentence rotated right by one, {@code y_t = x_{t−1}}
 * and {@code y_0 = x_{L−1}} (vocabulary 10 with padding id 0, lengths 3–8). The first position needs the
 * backward direction to start at the sentence's own last token and carry it across the whole sentence, so this
 * exercises the masks end to end (position 0 is ~18% of the tokens: getting it wrong caps accuracy near 82%).
 */
class CopyTaskLearningTest {
    private static final int V = 10;
    private static final int T = 8;
    private static final int B = 32;
    private static final int E = 16;
    private static final int H = 32;

    @Test
    void biGruLearnsToCopyRotatedSequences() {
        Embedding emb = new Embedding("emb", V, E, 0, 1);
        Rnn rnn = new Rnn("enc", new RnnConfig(CellType.GRU, E, H, 1, true, false, 0f, 0), 2);
        Linear out = new Linear("out", 2 * H, V, true, 3);
        List<Parameter> params = new java.util.ArrayList<>(emb.parameters());
        params.addAll(rnn.parameters());
        params.addAll(out.parameters());
        Adam adam = new Adam(params, 0.01f);
        GradientClipper clipper = new GradientClipper(1.0);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0, 0f);
        SplittableRandom rng = new SplittableRandom(4);
        int[] ids = new int[T * B];
        int[] targets = new int[T * B];
        int[] lengths = new int[B];
        Tensor x = Tensor.zeros(T, B, E);
        Tensor logits = Tensor.zeros(T * B, V);
        Tensor dLogits = Tensor.zeros(T * B, V);
        Tensor dHidden = Tensor.zeros(T, B, 2 * H);
        double accuracy = 0;
        int steps = 0;
        long start = System.nanoTime();
        for (int step = 0; step < 1500 && accuracy < 0.97; step++) {
            batch(rng, ids, targets, lengths);
            adam.zeroGrad();
            emb.forward(ids, x.reshape(T * B, E));
            Tensor hs = rnn.forward(x, lengths, null, true);
            Tensor flat = hs.reshape(T * B, 2 * H);
            out.forward(flat, logits);
            SoftmaxCrossEntropy.Loss loss = ce.forward(logits, targets, dLogits, 1f);
            ElementWise.scale(1f / loss.tokens(), dLogits);
            out.backward(flat, dLogits, dHidden.reshape(T * B, 2 * H));
            Tensor dx = rnn.backward(dHidden, null);
            emb.backward(ids, dx.reshape(T * B, E));
            clipper.clip(params);
            adam.step();
            if (step % 50 == 49) {
                accuracy = evaluate(emb, rnn, out, new SplittableRandom(99), false);
            }
            steps = step + 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(accuracy > 0.95, "token accuracy " + accuracy + " after " + steps + " steps, " + seconds + " s");
        double first = evaluate(emb, rnn, out, new SplittableRandom(98), true);
        assertTrue(first > 0.9, "accuracy at t = 0 (the sentence's last token) " + first);
    }

    private static double evaluate(Embedding emb, Rnn rnn, Linear out, SplittableRandom rng, boolean firstOnly) {
        int[] ids = new int[T * B];
        int[] targets = new int[T * B];
        int[] lengths = new int[B];
        Tensor x = Tensor.zeros(T, B, E);
        Tensor logits = Tensor.zeros(T * B, V);
        int correct = 0;
        int total = 0;
        for (int rep = 0; rep < 4; rep++) {
            batch(rng, ids, targets, lengths);
            emb.forward(ids, x.reshape(T * B, E));
            out.forward(rnn.forward(x, lengths, null, false).reshape(T * B, 2 * H), logits);
            for (int i = 0; i < T * B; i++) {
                if (targets[i] == 0 || (firstOnly && i >= B)) {
                    continue;
                }
                int best = 1;
                for (int k = 1; k < V; k++) {
                    if (logits.get(i, k) > logits.get(i, best)) {
                        best = k;
                    }
                }
                correct += best == targets[i] ? 1 : 0;
                total++;
            }
        }
        return (double) correct / total;
    }

    /** Time-major ids [T, B]: row b has length 3..8, tokens 1..9, padding 0; targets are the rotation. */
    private static void batch(SplittableRandom rng, int[] ids, int[] targets, int[] lengths) {
        java.util.Arrays.fill(ids, 0);
        java.util.Arrays.fill(targets, 0);
        for (int b = 0; b < B; b++) {
            int len = 3 + rng.nextInt(T - 2);
            lengths[b] = len;
            for (int t = 0; t < len; t++) {
                ids[t * B + b] = 1 + rng.nextInt(V - 1);
            }
            for (int t = 0; t < len; t++) {
                targets[t * B + b] = ids[((t + len - 1) % len) * B + b];
            }
        }
    }
}
