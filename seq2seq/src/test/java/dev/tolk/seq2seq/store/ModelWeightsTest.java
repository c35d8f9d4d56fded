package dev.tolk.seq2seq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.core.Parameter;
import dev.tolk.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {

    private static List<Parameter> params() {
        return List.of(
                Parameter.of("a", Tensor.of(new float[] {1, 2}, 2)),
                Parameter.of("b", Tensor.of(new float[] {3, 4, 5, 6}, 2, 2)));
    }

    @Test
    void roundTripsByNameInAnyOrder() {
        List<NamedTensor> w = ModelWeights.export(params());
        List<Parameter> target = List.of(Parameter.of("a", Tensor.zeros(2)), Parameter.of("b", Tensor.zeros(2, 2)));
        ModelWeights.load(target, List.of(w.get(1), w.get(0)));
        assertArrayEquals(new float[] {1, 2}, target.get(0).value().toArray());
        assertArrayEquals(new float[] {3, 4, 5, 6}, target.get(1).value().toArray());
    }

    @Test
    void aMismatchCopiesNothing() {
        List<Parameter> target = List.of(Parameter.of("a", Tensor.zeros(2)), Parameter.of("b", Tensor.zeros(2, 2)));
        List<NamedTensor> bad = List.of(
                new NamedTensor("a", new int[] {2}, new float[] {7, 8}),
                new NamedTensor("b", new int[] {4}, new float[] {1, 1, 1, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelWeights.load(target, bad));
        assertEquals("tensor 'b' is [4] but the model needs [2, 2]", e.getMessage());
        assertArrayEquals(new float[] {0, 0}, target.get(0).value().toArray(), "'a' must not be half-loaded");
    }

    @Test
    void missingExtraAndDuplicateTensorsAreNamed() {
        List<NamedTensor> w = ModelWeights.export(params());
        assertEquals(
                "the weights lack tensor 'b' [2, 2]; the model file does not match its configuration",
                assertThrows(IllegalArgumentException.class, () -> ModelWeights.load(params(), w.subList(0, 1)))
                        .getMessage());
        NamedTensor extra = new NamedTensor("c", new int[] {1}, new float[] {0});
        assertEquals(
                "the weights hold tensors this model does not have: [c]",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ModelWeights.load(params(), List.of(w.get(0), w.get(1), extra)))
                        .getMessage());
        assertEquals(
                "the weights hold tensor 'a' twice",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ModelWeights.load(params(), List.of(w.get(0), w.get(0), w.get(1))))
                        .getMessage());
    }
}
