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
 * without one.
 */
@Tag("determinism")
class Seq2seqWorkloadBitIdentityTest {
    private static final Map<String, String> GOLDEN = Map.of(
            "openblas-0.3.31/Haswell",
            "cho 2f0b3696bc6d0498cba6aebd36a1c822358760c473ec7385bdbda347bf5ae369"
                    + " attn 2aaf11d08b4c812333124a176a77a15d5c733a271e67ff16fe83a4117ea37c73",
            "openblas-0.3.31/SkylakeX",
            "cho fa1c250ba6c09188acde191bb5cc5a5fbc1c0e23ff9ffba133a46c1f4270d789"
                    + " attn e04c23e35a6977e42f852636cbd282e839de1bf2fd2164b4eb5fac258e1749cf");

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
