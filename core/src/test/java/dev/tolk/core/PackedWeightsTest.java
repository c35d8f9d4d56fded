package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cached packed forms of weights ({@link PackedWeights}) never go stale: a weight updated through every path that
 * writes weights is seen by the next product, in every precision; a weight is converted once, not per product; the
 * cache stays bounded; and a writer that bypasses the version bump is caught in verification mode.
 */
class PackedWeightsTest {

    /** Every oneDNN precision (the backend that caches weights), on one and two threads. */
    static Stream<Arguments> cachingConfigurations() {
        Stream.Builder<Arguments> b = Stream.builder();
        if (GemmConfigurations.nativeShipped()) {
            for (int threads : new int[] {1, 2}) {
                for (Gemm g : GemmConfigurations.nativeOnly(threads)) {
                    if (g instanceof OneDnnGemm) {
                        b.add(Arguments.of(Named.of(GemmConfigurations.label(g), g)));
                    }
                }
            }
        }
        return b.build();
    }

    /** A way of writing a weight {@code w: [n, k]}; each changes it substantially. */
    private record Writer(String name, Consumer<Parameter> write) {}

    private static List<Writer> writers(Gemm g) {
        List<Writer> list = new ArrayList<>();
        list.add(new Writer("Adam step", p -> {
            p.grad()
                    .copyFrom(GemmTest.random(
                            new SplittableRandom(1),
                            p.value().rowCount(),
                            p.value().colCount()));
            new Adam(List.of(p), 0.5f).step();
        }));
        list.add(new Writer("Sgd step", p -> {
            p.grad()
                    .copyFrom(GemmTest.random(
                            new SplittableRandom(2),
                            p.value().rowCount(),
                            p.value().colCount()));
            new Sgd(List.of(p), 1f, 0f, 0f).step();
        }));
        list.add(new Writer(
                "import (copyFrom float[])",
                p -> p.value()
                        .copyFrom(GemmTest.random(
                                        new SplittableRandom(3),
                                        p.value().rowCount(),
                                        p.value().colCount())
                                .toArray())));
        list.add(new Writer(
                "copyFrom(Tensor)",
                p -> p.value()
                        .copyFrom(GemmTest.random(
                                new SplittableRandom(4),
                                p.value().rowCount(),
                                p.value().colCount()))));
        list.add(new Writer(
                "initialisation", p -> Initializers.xavierUniform(p.value(), 8, 8, new SplittableRandom(5))));
        list.add(new Writer(
                "one element (gradient check)", p -> p.value().set(3, p.value().get(3) + 40f)));
        list.add(new Writer("add", p -> p.value().add(0, 40f)));
        list.add(new Writer("fill", p -> p.value().fill(0.25f)));
        list.add(new Writer("zero a row view", p -> p.value().row(1).zero()));
        list.add(new Writer(
                "write a row view",
                p -> p.value().rows(0, 2).copyFrom(new float[2 * p.value().colCount()])));
        list.add(new Writer("ElementWise.scale", p -> ElementWise.scale(-2f, p.value())));
        list.add(new Writer(
                "ElementWise.axpy", p -> ElementWise.axpy(3f, p.value().copy(), p.value())));
        list.add(new Writer("buffer write + markModified", p -> {
            Tensor v = p.value();
            for (int i = 0; i < v.size(); i++) {
                v.buffer().put(v.offset() + i, -v.buffer().get(v.offset() + i) * 2f);
            }
            v.markModified();
        }));
        list.add(new Writer("product into the weight", p -> {
            Tensor v = p.value();
            Tensor x = GemmTest.random(new SplittableRandom(6), v.rowCount(), 7);
            Tensor y = GemmTest.random(new SplittableRandom(7), 7, v.colCount());
            g.gemm(false, false, 1f, x, y, 0f, v);
        }));
        return list;
    }

    @ParameterizedTest
    @MethodSource("cachingConfigurations")
    void everyWritePathIsSeenByTheNextProduct(Gemm g) {
        for (Writer writer : writers(g)) {
            for (int t = 0; t < 2; t++) {
                boolean transB = t == 1;
                SplittableRandom rnd = new SplittableRandom(writer.name().hashCode());
                int m = 64;
                int n = 700; // cut into column blocks: each block's region is cached separately
                int k = 90;
                Parameter p = Parameter.of("w", GemmTest.random(rnd, transB ? n : k, transB ? k : n));
                Tensor x = GemmTest.random(rnd, m, k);
                Tensor before = Tensor.zeros(m, n);
                g.gemm(false, transB, 1f, x, p.value(), 0f, before);
                g.gemm(false, transB, 1f, x, p.value(), 0f, before); // from the cache
                writer.write().accept(p);
                Tensor after = Tensor.zeros(m, n);
                g.gemm(false, transB, 1f, x, p.value(), 0f, after);
                String what = "after " + writer.name() + " tB=" + transB;
                GemmContractTest.assertClose(
                        g, GemmContractTest.ejml(false, transB, x, p.value()), 1f, after, 0f, after, what);
                // the column-block form of the same weight, as Linear uses it
                Tensor blocks = Tensor.zeros(m, n);
                g.gemm(false, transB, 1f, ColumnBlock.of(x), ColumnBlock.of(p.value()), 0f, ColumnBlock.of(blocks));
                GemmContractTest.assertClose(
                        g,
                        GemmContractTest.ejml(false, transB, x, p.value()),
                        1f,
                        blocks,
                        0f,
                        blocks,
                        what + " blocks");
                boolean changed = false;
                for (int i = 0; i < before.size() && !changed; i++) {
                    changed = before.get(i) != after.get(i);
                }
                assertTrue(changed, what + ": the writer changed the product");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cachingConfigurations")
    void aWeightIsConvertedOnceNotPerProduct(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(9);
        Parameter p = Parameter.of("w", GemmTest.random(rnd, 1536, 512));
        Tensor x = GemmTest.random(rnd, 64, 512);
        Tensor y = Tensor.zeros(64, 1536);
        g.gemm(false, true, 1f, x, p.value(), 0f, y);
        long built = PackedWeights.builds();
        int forms = PackedWeights.formCount(p.value());
        assertEquals(OutputBlocks.partsFor(64, 1536, 512), forms, "one form per output block");
        for (int i = 0; i < 50; i++) {
            g.gemm(false, true, 1f, x, p.value(), 0f, y);
        }
        assertEquals(built, PackedWeights.builds(), "no conversion after the first product");
        Tensor xs = GemmTest.random(rnd, 3, 512); // a shrinking beam: another shape, the same weight
        g.gemm(false, true, 1f, xs, p.value(), 0f, Tensor.zeros(3, 1536));
        long afterSmall = PackedWeights.builds();
        g.gemm(false, true, 1f, xs, p.value(), 0f, Tensor.zeros(3, 1536));
        assertEquals(afterSmall, PackedWeights.builds());
    }

    @ParameterizedTest
    @MethodSource("cachingConfigurations")
    void cachedFormsStayBoundedAcrossUpdates(Gemm g) {
        SplittableRandom rnd = new SplittableRandom(10);
        Parameter p = Parameter.of("w", GemmTest.random(rnd, 300, 200));
        Sgd sgd = new Sgd(List.of(p), 0.01f, 0f, 0f);
        p.grad().fill(0.01f);
        // products small enough not to be cut into blocks: one form each
        Tensor x = GemmTest.random(rnd, 16, 200);
        Tensor xt = GemmTest.random(rnd, 16, 300);
        for (int step = 0; step < 30; step++) {
            // as in training: the forward product uses Wᵀ, the backward one W, both every step
            g.gemm(false, true, 1f, x, p.value(), 0f, Tensor.zeros(16, 300));
            g.gemm(false, false, 1f, xt, p.value(), 0f, Tensor.zeros(16, 200));
            // a column block used only in the first steps
            if (step < 3) {
                g.gemm(
                        false,
                        true,
                        1f,
                        ColumnBlock.of(x, 0, 50),
                        ColumnBlock.of(p.value(), 0, 50),
                        0f,
                        ColumnBlock.of(Tensor.zeros(16, 300)));
            }
            sgd.step();
            assertTrue(PackedWeights.formCount(p.value()) <= 3, "step " + step + ": at most the forms in use");
        }
        g.gemm(false, true, 1f, x, p.value(), 0f, Tensor.zeros(16, 300));
        assertEquals(2, PackedWeights.formCount(p.value()), "the unused column-block form was dropped");
    }

    @Test
    void aWeightUsedInTwentyBlocksPerUpdateIsRebuiltInPlace() {
        // the Cho decoder's output layer in training: three column blocks, each product cut into output blocks,
        // and the backward product's blocks: about twenty forms of one weight per update (a cap of 16 forms made
        // every update rebuild them in new memory)
        SplittableRandom rnd = new SplittableRandom(13);
        Parameter p = Parameter.of("w", GemmTest.random(rnd, 40, 100));
        Sgd sgd = new Sgd(List.of(p), 0.01f, 0f, 0f);
        p.grad().fill(0.01f);
        java.util.Map<PackedWeights.Key, Object> firstForm = new java.util.HashMap<>();
        int[] fresh = {0};
        for (int step = 0; step < 4; step++) {
            for (int block = 0; block < 20; block++) {
                PackedWeights.Key key = new PackedWeights.Key(block * 5L, 40, 5, 100, true, Precision.FP32, 0);
                Object form = PackedWeights.get(p.value(), key, reuse -> {
                    if (reuse == null) {
                        fresh[0]++;
                        return new Object();
                    }
                    return reuse;
                });
                assertSame(firstForm.computeIfAbsent(key, k -> form), form, "step " + step + ", block " + block);
            }
            sgd.step();
        }
        assertEquals(20, fresh[0], "each block's form was built in new memory once, then rebuilt in place");
        assertEquals(20, PackedWeights.formCount(p.value()));
    }

    @Test
    void activationsAreNeverCached() {
        assumeTrue(GemmConfigurations.nativeShipped());
        Gemm g = OneDnnGemm.load(1, Precision.FP32);
        SplittableRandom rnd = new SplittableRandom(11);
        Tensor b = GemmTest.random(rnd, 40, 30);
        assertFalse(b.isWeight());
        Tensor x = GemmTest.random(rnd, 5, 40);
        Tensor y = Tensor.zeros(5, 30);
        long built = PackedWeights.builds();
        g.gemm(false, false, 1f, x, b, 0f, y);
        b.buffer().put(b.offset(), 100f); // no markModified needed for an activation
        g.gemm(false, false, 1f, x, b, 0f, y);
        assertEquals(built, PackedWeights.builds());
        assertEquals(0, PackedWeights.formCount(b));
        GemmContractTest.assertClose(g, GemmContractTest.ejml(false, false, x, b), 1f, y, 0f, y, "activation");
    }

    @Test
    void parameterValuesAndTheirViewsAreWeights() {
        Tensor t = Tensor.zeros(4, 3);
        Tensor view = t.rows(1, 2);
        assertFalse(view.isWeight());
        Parameter.of("p", t);
        assertTrue(t.isWeight() && view.isWeight() && t.reshape(12).isWeight());
        assertFalse(Tensor.zeros(4, 3).isWeight());
    }

    @Test
    void aBufferWriteWithoutMarkModifiedIsCaughtInVerificationMode() {
        assumeTrue(GemmConfigurations.nativeShipped());
        assumeTrue(PackedWeights.verifying(), "the build runs tests with -D" + PackedWeights.VERIFY_PROPERTY + "=true");
        Gemm g = OneDnnGemm.load(1, Precision.FP32);
        SplittableRandom rnd = new SplittableRandom(12);
        Parameter p = Parameter.of("w", GemmTest.random(rnd, 30, 20));
        Tensor x = GemmTest.random(rnd, 4, 20);
        g.gemm(false, true, 1f, x, p.value(), 0f, Tensor.zeros(4, 30));
        p.value().buffer().put(p.value().offset() + 7, 5f); // a writer that forgets markModified()
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> g.gemm(false, true, 1f, x, p.value(), 0f, Tensor.zeros(4, 30)));
        assertTrue(e.getMessage().contains("markModified"), e.getMessage());
    }
}
