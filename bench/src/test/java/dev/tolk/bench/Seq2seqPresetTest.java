package dev.tolk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Seq2seqPresetTest {

    @Test
    void presetsMatchThePeer() {
        // Oracle: the peer's own macs_per_target_token() and sum(p.numel()) of build_model() for each preset
        // (PyTorch 1.13, /usr/bin/python3, ../shared/peer/torch_seq2seq.py).
        Seq2seqPreset cho = Seq2seqPreset.STANDARD.get("cho-512");
        Seq2seqPreset a512 = Seq2seqPreset.STANDARD.get("attn-512");
        Seq2seqPreset a256 = Seq2seqPreset.STANDARD.get("attn-256");
        assertEquals(10825728.0, cho.macsPerTargetToken(), 1e-6);
        assertEquals(16709193.142857144, a512.macsPerTargetToken(), 1e-6);
        assertEquals(5078674.285714285, a256.macsPerTargetToken(), 1e-6);
        assertEquals(14421872L, cho.peerParams());
        assertEquals(20775280L, a512.peerParams());
        assertEquals(6223008L, a256.peerParams());
        // a tiny cho and a tiny attention model (the sizes of the cli tests)
        assertEquals(348.5, new Seq2seqPreset("x", false, 4, 5, 2, 9, 7, 3, 10).macsPerTargetToken(), 1e-9);
        assertEquals(
                1642.3636363636363, new Seq2seqPreset("x", true, 8, 6, 3, 20, 30, 5, 11).macsPerTargetToken(), 1e-9);
        assertNull(Seq2seqPreset.STANDARD.get("attn-1024"));
        assertThrows(UnsupportedOperationException.class, () -> Seq2seqPreset.STANDARD.put("x", cho));
    }

    @Test
    void theModelHasThePeersParametersUpToTheExplainedDifference() {
        for (Seq2seqPreset p : new Seq2seqPreset[] {
            new Seq2seqPreset("x", false, 4, 5, 2, 9, 7, 3, 10), new Seq2seqPreset("x", true, 8, 6, 3, 20, 30, 5, 11)
        }) {
            long params = new Seq2seqWorkload(p, 1).model().parameterCount();
            assertEquals(p.expectedParamDifference(), params - p.peerParams(), p.toString());
        }
        assertTrue(Seq2seqWorkload.decodableLength(2, 11));
        assertTrue(!Seq2seqWorkload.decodableLength(1, 11) && !Seq2seqWorkload.decodableLength(5, 9));
    }

    @Test
    void gemmShapesParseOrSayTheForm() {
        assertEquals(new GemmShape(64, 512, 1536), GemmShape.parse("64X512x1536"));
        assertEquals("64x512*512x1536", GemmShape.parse("64x512x1536").label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("4x4"));
        assertEquals("a shape is MxKxN with positive integers (e.g. 64x512x1536), got '4x4'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("0x4x4"));
        assertEquals(3, GemmShape.STANDARD.size());
    }

    @Test
    void timingsTakeMediansAndRoundForJson() {
        assertEquals(2.0, Timings.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Timings.median(new double[] {4, 1, 2, 3}));
        assertEquals(1.23, Timings.round(1.2345, 2));
        assertNull(Timings.round(Double.NaN, 2));
        int[] calls = {0};
        assertEquals(5, Timings.seconds(() -> calls[0]++, 2, 5).length);
        assertEquals(7, calls[0], "2 warm-up and 5 timed runs");
    }
}
