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
 * which changes some scores' last bits, and again when training's softmax cross-entropy moved to them too; the other changes of that commit (buffers kept across batches, the beam's
 * float bar, the packed-form cap) were checked to keep every digest, in a run with the old log-softmax. Two Haswell
 * digests with attention were recorded again when beam search's hypotheses began to share their sentence's
 * attention memory: the keys' product then has S·B rows instead of S·B·K, and OpenBLAS's Haswell kernel rounds
 * some rows differently for the other row count; computing the keys over the repeated memory instead gives every
 * old digest (checked).
 */
@Tag("determinism")
class ModelBitsTest {
    @ParameterizedTest(name = "{0} {1} bi={2} layers={3} tied={4} dropout={5} outputDropout={6} scale={7}")
    @CsvSource({
        "GRU, BAHDANAU, true, 2, false, 0.2, 0.2, 1, afc50dd9626634ee09da50d57ff4b3cb68fba5155acbf9208dfcbe9a6fead70a, c6ecaa7d1ab60abae4889173ab67733df713284fff0bc9400782d6380f640aa9",
        "GRU, NONE, false, 1, false, 0.2, 0.0, 1, efb4055b89b650592a7dc2e8083220f57b5acfba86b5fa68451fd9d473cee508, a1cae625ff2fefcb7c1b2f8a808d928f9a303b70cf57e7b27ff3304b4245a939",
        "GRU, NONE, true, 2, true, 0.25, 0.25, 1, 40ba5d3c0ffb56c88d9950290121f8d2b0e35a44e44dd1fa41c45d17f83053e9, 94dbc9e5979948044ced4be1da1aa2af74e91bf639169ece83bbaf9dcd90132c",
        "LSTM, BAHDANAU, true, 2, true, 0.3, 0.3, 1, 1d81e3ed35105efe31552544bcdf72fe9de9390813e83143d7d9f0747448b8c9, adf0dc4f4d08ac969a4aee3e76f5873ed826e6b86a831df806d149ab8ee5a6d4",
        "RNN, NONE, false, 2, false, 0.1, 0.2, 1, 6dde1f08eae60024235fa5ae350a8edbdec16778b8373d35bd12de05701c8148, da4e4de939dce88310596e62ebf27a36a4f37fd625500b047096496084e49d89",
        "LSTM, NONE, false, 1, false, 0.0, 0.0, 1, b86e53b94113e75a3a87ad6b7e18831dfe7fa93b63bab59c5928c8c37715fa97, e91dcfb04026e4de2700bdfeec2c9a4a36bd70fef3bd042941787ade59d79bc1",
        "GRU, BAHDANAU, true, 1, false, 0.2, 0.2, 16, 45fa243b7c502d8205dd63508ae263de0fdb9a92cd4dd8c1be81335e288a41c8, ddd0a88b1d718b8580124c25cdd060f05d11ac3915aee12b3ab8a5ff9db12847",
        "GRU, NONE, false, 1, false, 0.2, 0.0, 16, 5003224e9557e591d638fdd320c289ed733fae0f831287d2da6b60db576c960c, 7df1739facdcba80842ef403ff5f3d48736bc55e2bfd5c647b6177639bb7c013",
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
