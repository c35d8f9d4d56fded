package dev.tolk.seq2seq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint averaging, exactly: the float64 sum in the given order, divided by n, rounded to float32 once. */
class WeightAverageTest {
    @TempDir
    Path dir;

    private static NamedTensor t(String name, float... v) {
        return new NamedTensor(name, new int[] {v.length}, v);
    }

    @Test
    void meanOfHandComputedValues() {
        List<NamedTensor> avg = WeightAverage.mean(List.of(
                List.of(t("a", 1f, 2f, -3f), t("b", 0.1f)),
                List.of(t("a", 3f, 2f, 3f), t("b", 0.2f)),
                List.of(t("a", 5f, 5f, 3f), t("b", 0.6f))));
        assertArrayEquals(new float[] {3f, 3f, 1f}, avg.get(0).values());
        // (0.1f + 0.2f + 0.6f) in float64, / 3, to float32: not 0.3f computed in float32
        assertArrayEquals(
                new float[] {(float) (((double) 0.1f + 0.2f + 0.6f) / 3)},
                avg.get(1).values());
        assertEquals(List.of("a", "b"), avg.stream().map(NamedTensor::name).toList());
    }

    /**
     * The oracle sums with {@link BigDecimal}, rounding to binary64 after each addition (what float64 addition does,
     * correctly rounded), divides with {@link BigDecimal} and rounds to binary64 and then binary32 by parsing the
     * decimal text: no arithmetic shared with the implementation.
     */
    @Test
    void everyValueIsTheDocumentedFloat64MeanRoundedToFloat32() {
        SplittableRandom r = new SplittableRandom(11);
        int models = 5;
        int len = 3000;
        List<List<NamedTensor>> in = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 3)));
            }
            in.add(List.of(t("w", v)));
        }
        float[] got = WeightAverage.mean(in).get(0).values();
        for (int i = 0; i < len; i++) {
            BigDecimal sum = BigDecimal.ZERO;
            for (int m = 0; m < models; m++) {
                sum = new BigDecimal(
                        sum.add(new BigDecimal(in.get(m).get(0).values()[i])).doubleValue());
            }
            double mean = sum.divide(BigDecimal.valueOf(models), MathContext.DECIMAL128)
                    .doubleValue();
            float expected = Float.parseFloat(new BigDecimal(mean).toString());
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]), "index " + i);
        }
    }

    @Test
    void mismatchedModelsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> WeightAverage.mean(List.of(List.of(t("a", 1f, 2f)), List.of(t("a", 1f, 2f, 3f)))));
        assertEquals("model 2 has tensor 'a' [3] where model 1 has 'a' [2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.mean(List.of()));
    }

    @Test
    void averagesModelFilesAndCheckpointsAndRecordsTheInputs() throws IOException {
        ModelFile m = ModelFileTest.sample();
        Path f1 = dir.resolve("one.tolk");
        Path f2 = dir.resolve("two.tolk");
        m.write(f1);
        List<NamedTensor> other = new ArrayList<>();
        for (NamedTensor w : m.weights()) {
            float[] v = new float[w.values().length];
            java.util.Arrays.fill(v, 1.0f);
            other.add(new NamedTensor(w.name(), w.shape(), v));
        }
        new ModelFile(m.config(), m.vocabularies(), m.tokenizer(), m.provenance(), other).write(f2);
        ModelFile avg = WeightAverage.average(List.of(f1, f2));
        assertArrayEquals(new float[] {0.75f}, avg.weightsByName().get("bias").values());
        assertEquals(m.config(), avg.config());
        assertEquals(m.vocabularies(), avg.vocabularies());
        assertEquals(Map.of(), avg.provenance().metrics());
        assertEquals(
                List.of(
                        new ParentModel(ParentModel.AVERAGED, f1.toString(), FileDigest.sha256(f1), -1),
                        new ParentModel(ParentModel.AVERAGED, f2.toString(), FileDigest.sha256(f2), -1)),
                avg.provenance().parents());
        Path out = dir.resolve("avg.tolk");
        avg.write(out);
        assertEquals(
                avg.provenance().parents(), ModelFile.read(out).provenance().parents());

        // another architecture is refused, naming the file and what differs
        new ModelFile(
                        m.config().withOverride("model.hidden_size=64"),
                        m.vocabularies(),
                        m.tokenizer(),
                        m.provenance(),
                        other)
                .write(f2);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> WeightAverage.average(List.of(f1, f2)));
        assertTrue(
                e.getMessage().startsWith(f2 + ": cannot be averaged with " + f1 + ": its architecture"),
                e.getMessage());
    }
}
