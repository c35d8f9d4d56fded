package dev.tolk.seq2seq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tolk.core.Adam;
import dev.tolk.core.CellType;
import dev.tolk.core.Gemm;
import dev.tolk.core.GradientClipper;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.search.BeamSearch;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.SourceBatch;
import dev.tolk.seq2seq.store.NamedTensor;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training and translation give exactly the bits they gave before the decoder was split into its workspace and
 * its equations (issue 19): for each architecture a tiny model is trained for six updates (Adam, clipping,
 * dropout, batches of changing shapes with padding), then greedy and beam search translate a few sentences. The
 * SHA-256 of the weights' bits, the losses' bits and every search result (ids and score bits) was recorded on
 * main at commit 5f58aa9, before the change, with the OpenBLAS backend on two threads and
 * {@code OPENBLAS_CORETYPE=Haswell}; the SkylakeX digests were recorded after the split (the kernel decides the
 * products' bits, so each kernel has its own digest; the test runs in the Haswell and SkylakeX determinism
 * executions and skips elsewhere). A change that is meant to alter the products' bits (another backend, another
 * blocking) records new digests on the commit before it. Recorded again when decoding's log-softmax moved to
 * {@code ShiftedExp}'s vectorised exponentials (issue 14): they differ from {@code Math.exp}'s in the last bit,
 * which changes some scores' last bits; the other changes of that commit (buffers kept across batches, the beam's
 * float bar, the packed-form cap) were checked to keep every digest, in a run with the old log-softmax.
 */
@Tag("determinism")
class ModelBitsTest {
    @ParameterizedTest(name = "{0} {1} bi={2} layers={3} tied={4} dropout={5} outputDropout={6} scale={7}")
    @CsvSource({
        "GRU, BAHDANAU, true, 2, false, 0.2, 0.2, 1, 94621eb52537d56b4a1767f9eaf68b15b26db9b4b884550953b345d6567abca7, 095ae0aab7a0c0b4ec618a38e6e17e707f6a47f3a43d210ad0e73fdb84c5c261",
        "GRU, NONE, false, 1, false, 0.2, 0.0, 1, 6b1380311c506e244403d6065185ccc84a622bc6feafbc161940a0d602b703aa, c316d434d003530f7d7e2b4389dfaf60f77dcb04b7df8530e6dd0b6c8cb510c8",
        "GRU, NONE, true, 2, true, 0.25, 0.25, 1, 2fa7e6907a01426b2461c6cb29de8bcb31dbddc01d9d543b3f0ae3cb07a0b7ee, b3efadb15d0baefb8fa63ef7fdf66767fab213fcf047f3a55f87229ac7a9a34e",
        "LSTM, BAHDANAU, true, 2, true, 0.3, 0.3, 1, 444f1142e7cdf01bc04fff8c71a647bc6e38809688d20c4c0edf8dce9a3daed5, 263ece8e03e49ddbf2654545487bd67e2f438b1bf7f07ef3a144b83adfba8ed3",
        "RNN, NONE, false, 2, false, 0.1, 0.2, 1, 3ac956b659566d55790461a3aefdfa848fa83882e1417090ac00eabe819f0cda, 07e9c177c1c3e2723258489773fb51db6b3d5a17ce64b8fcc4253ad75c5e5742",
        "LSTM, NONE, false, 1, false, 0.0, 0.0, 1, 63b539a5c5780cf868aaf1784d177dd67402ce638bf4b3acebcecd2b8e6d5b64, 850e6945eea5efd4b3cffb5098f77fd5c586868cc38d2b458810ab702c47c677",
        "GRU, BAHDANAU, true, 1, false, 0.2, 0.2, 16, 7421c08ec90b0d73c2bbadff2505961d2cf3f639d7754308f81ea2f84517fa89, 508042a2b1de1c1b6f661864fac6b3c2c5f8cbe8a724a90f37deb242602e8798",
        "GRU, NONE, false, 1, false, 0.2, 0.0, 16, 2f792f23047e37093f6721fd37e33a5e142f51bcab6d1ae8386931e813e5cf33, a38202186ea5b0011e7b3273e2cf3f3ca7c1c2b06546dcd0234741ec3259e935",
    })
    void trainingAndTranslationGiveTheRecordedBits(
            CellType cell,
            AttentionType attention,
            boolean bi,
            int layers,
            boolean tied,
            double dropout,
            double outputDropout,
            int scale,
            String haswell,
            String skylakeX)
            throws Exception {
        assumeTrue(
                Gemm.get().name().startsWith("openblas"),
                "the recorded bits are those of the OpenBLAS backend, not "
                        + Gemm.get().name());
        String coretype = System.getenv("OPENBLAS_CORETYPE");
        String expected = "Haswell".equals(coretype) ? haswell : "SkylakeX".equals(coretype) ? skylakeX : null;
        assumeTrue(
                expected != null, "digests are recorded for OPENBLAS_CORETYPE=Haswell and SkylakeX, not " + coretype);
        ModelConfig config = new ModelConfig(
                cell, attention, bi, layers, 7 * scale, 9 * scale, dropout, dropout, outputDropout, tied, 0.1);
        assertEquals(expected, digest(config, 23 * scale, scale));
    }

    /**
     * The SHA-256 of everything that must not change: losses, weights, greedy and beam outputs. {@code scale}
     * multiplies the batch sizes (16: large enough for the products, gate loops and softmax rows to be split over
     * the compute threads).
     */
    static String digest(ModelConfig config, int vocab, int scale) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Seq2SeqModel model = new Seq2SeqModel(config, vocab, vocab, 17);
        Adam adam = new Adam(model.parameters(), 3e-2f);
        GradientClipper clip = new GradientClipper(1.0);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int step = 1; step <= 6; step++) {
            TokenBatch batch = randomBatch(rnd, vocab, 2 + step % 3, scale * (1 + step % 4), 2 + (step * 2) % 5);
            adam.zeroGrad();
            double loss = model.trainStep(batch, step).sum();
            putDouble(sha, loss);
            putDouble(sha, clip.clip(model.parameters()));
            adam.step();
        }
        for (NamedTensor t : model.exportWeights()) {
            sha.update(t.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(4 * t.values().length);
            for (float v : t.values()) {
                b.putInt(Float.floatToRawIntBits(v));
            }
            sha.update(b.array());
        }
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < 4 * scale; i++) {
            int[] s = new int[2 + i % 5];
            for (int j = 0; j < s.length - 1; j++) {
                s[j] = 4 + rnd.nextInt(vocab - 4);
            }
            s[s.length - 1] = dev.tolk.tokenizer.Vocabulary.EOS_ID;
            sources.add(s);
        }
        SourceBatch src = SourceBatch.of(sources);
        putDouble(sha, model.loss(randomBatch(rnd, vocab, 4, 3 * scale, 5)).sum());
        for (Candidate c : new GreedySearch(model, 1.5, 0.6).search(src)) {
            put(sha, c);
        }
        for (List<Candidate> nbest : new BeamSearch(model, 3, 0.6, 1.5, 3).search(src)) {
            for (Candidate c : nbest) {
                put(sha, c);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static TokenBatch randomBatch(
            SplittableRandom rnd, int vocab, int sourceSteps, int batch, int targetSteps) {
        int[] src = new int[sourceSteps * batch];
        int[] tgt = new int[targetSteps * batch];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = b == 0 ? sourceSteps : 1 + rnd.nextInt(sourceSteps);
            for (int t = 0; t < lengths[b]; t++) {
                src[t * batch + b] = 4 + rnd.nextInt(vocab - 4);
            }
            int tl = b == 0 ? targetSteps : 1 + rnd.nextInt(targetSteps);
            for (int t = 0; t < tl; t++) {
                tgt[t * batch + b] = t == tl - 1 ? dev.tolk.tokenizer.Vocabulary.EOS_ID : 4 + rnd.nextInt(vocab - 4);
            }
        }
        return new TokenBatch(src, sourceSteps, lengths, tgt, targetSteps, batch);
    }

    private static void put(MessageDigest sha, Candidate c) {
        ByteBuffer b = ByteBuffer.allocate(4 * c.ids().length + 16);
        for (int id : c.ids()) {
            b.putInt(id);
        }
        b.putLong(Double.doubleToRawLongBits(c.score()));
        b.putLong(Double.doubleToRawLongBits(c.logProbability()));
        sha.update(b.array());
    }

    private static void putDouble(MessageDigest sha, double v) {
        sha.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(v)).array());
    }
}
