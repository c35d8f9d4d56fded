package dev.tolk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tolk.core.Gemm;
import dev.tolk.core.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seq2seq benchmark's training computes what its own loop in cli computed before it moved here onto the shared
 * update loop: the SHA-256 of the losses and the final weights of a tiny workload equal the values recorded on the
 * code before (commit {@code 5f58aa9}), per {@code OPENBLAS_CORETYPE}; skipped (printing the value) on a kernel
 * without one. Recorded again when the softmax's exponentials moved to {@code ShiftedExp} (issue 14).
 */
@Tag("determinism")
class Seq2seqWorkloadBitIdentityTest {
    private static final Map<String, String> GOLDEN = Map.of(
            "openblas-0.3.31/Haswell",
            "cho 1a73e46f59e2a9cf16e6bd91848c7db50aff9c75ab135ef04b5d1e4fcf733284"
                    + " attn 9b582914e02539dd6e22636eeef53eb87f1f4c81c696e2d874ca82059e489bf5",
            "openblas-0.3.31/SkylakeX",
            "cho 9f4118d6af77af44737dfbd5820dbdbef15948bcbd40b06bd94d1d2da2467e6c"
                    + " attn adc7f99c5c83fb7bf620d6db9d47d30d20de3c77befcaecb2f9b8cf10b902164");

    @Test
    void benchmarkTrainingIsBitIdenticalToTheRecordedRun() throws Exception {
        String coretype = System.getenv("OPENBLAS_CORETYPE");
        String key = Gemm.get().name() + "/" + (coretype == null ? "unset" : coretype);
        StringBuilder actual = new StringBuilder();
        for (boolean attentive : new boolean[] {false, true}) {
            Seq2seqPreset p = new Seq2seqPreset("tiny", attentive, 8, 6, 3, 20, 30, 5, 11);
            Seq2seqWorkload w = new Seq2seqWorkload(p, 7);
            Seq2seqWorkload.TrainResult r = w.train(1, 3);
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(Long.toString(Double.doubleToRawLongBits(r.firstLoss())).getBytes(StandardCharsets.UTF_8));
            d.update(Long.toString(Double.doubleToRawLongBits(r.lastLoss())).getBytes(StandardCharsets.UTF_8));
            for (Parameter q : w.model().parameters()) {
                d.update(q.name().getBytes(StandardCharsets.UTF_8));
                float[] v = q.value().toArray();
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                d.update(b.array());
            }
            actual.append(attentive ? " attn " : "cho ").append(HexFormat.of().formatHex(d.digest()));
        }
        String expected = GOLDEN.get(key);
        assumeTrue(expected != null, "no golden value recorded for " + key + "; this run gives " + actual);
        assertEquals(expected, actual.toString(), key + ": the benchmark's training is no longer bit-identical");
    }
}
