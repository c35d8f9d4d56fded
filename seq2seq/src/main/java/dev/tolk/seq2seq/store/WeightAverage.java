package dev.tolk.seq2seq.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint averaging (Junczys-Dowmunt et al. 2016; OpenNMT's {@code average_models}, Marian's
 * {@code average.py}, fairseq's {@code average_checkpoints.py}): a model whose every weight is the arithmetic mean of
 * that weight over models of one architecture and vocabulary, usually the last checkpoints of a run.
 *
 * <p><b>Arithmetic.</b> For every value, {@code mean = (float) ((w_1 + w_2 + … + w_n) / n)}: the float32 weights are
 * summed in float64 in the order the models are given, left to right, the sum divided by {@code n} in float64 and
 * rounded to float32 once. The result therefore depends on the order only through float64 rounding of the sum (for
 * a handful of float32 values of similar size, not at all), and is bit-identical for the same inputs in the same
 * order on every machine.
 */
public final class WeightAverage {
    private WeightAverage() {}

    /**
     * @param models the weights of each model, every list with the same tensor names, in the same order, with the
     *     same shapes; at least one
     * @return the mean of each tensor, named and ordered as the first model's
     * @throws IllegalArgumentException naming the first tensor that is missing, extra, out of order or mis-shaped
     */
    public static List<NamedTensor> mean(List<List<NamedTensor>> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("nothing to average: no models");
        }
        List<NamedTensor> first = models.get(0);
        for (int m = 1; m < models.size(); m++) {
            List<NamedTensor> other = models.get(m);
            if (other.size() != first.size()) {
                throw new IllegalArgumentException(
                        "model " + (m + 1) + " has " + other.size() + " tensors, model 1 has " + first.size());
            }
            for (int t = 0; t < first.size(); t++) {
                NamedTensor a = first.get(t);
                NamedTensor b = other.get(t);
                if (!a.name().equals(b.name()) || !Arrays.equals(a.shape(), b.shape())) {
                    throw new IllegalArgumentException("model " + (m + 1) + " has tensor '" + b.name() + "' "
                            + Arrays.toString(b.shape()) + " where model 1 has '" + a.name() + "' "
                            + Arrays.toString(a.shape()));
                }
            }
        }
        double n = models.size();
        List<NamedTensor> out = new ArrayList<>(first.size());
        double[] sum = new double[0];
        for (int t = 0; t < first.size(); t++) {
            int len = first.get(t).values().length;
            if (sum.length < len) {
                sum = new double[len];
            }
            Arrays.fill(sum, 0, len, 0.0);
            for (List<NamedTensor> model : models) {
                float[] v = model.get(t).values();
                for (int i = 0; i < len; i++) {
                    sum[i] += v[i];
                }
            }
            float[] mean = new float[len];
            for (int i = 0; i < len; i++) {
                mean[i] = (float) (sum[i] / n);
            }
            out.add(new NamedTensor(first.get(t).name(), first.get(t).shape(), mean));
        }
        return out;
    }

    /**
     * Reads models or checkpoints (a checkpoint contributes the weights it is used with as a model: its moving
     * average when it keeps one) and averages them.
     *
     * @param files model files, model directories or checkpoint files, in the order they are summed
     * @return a model with the first input's configuration, vocabularies and tokenizer, the mean weights, and a
     *     provenance naming every input (file, SHA-256, step) as {@link ParentModel#AVERAGED}
     * @throws ModelFormatException when an input is not a model, or the inputs differ in architecture, vocabularies
     *     or tokenizer (naming the first that differs)
     * @throws IOException when an input cannot be read
     */
    public static ModelFile average(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("nothing to average: no models");
        }
        List<ModelFile> models = new ArrayList<>(files.size());
        List<ParentModel> parents = new ArrayList<>(files.size());
        for (Path f : files) {
            Path file = ModelFile.resolve(f);
            ModelFile m = ModelFile.read(file);
            if (!models.isEmpty()) {
                requireCompatible(models.get(0), files.get(0), m, file);
            }
            models.add(m);
            Double step = m.provenance().metrics().get("step");
            parents.add(new ParentModel(
                    ParentModel.AVERAGED,
                    f.toString(),
                    FileDigest.sha256(file),
                    step == null || !Double.isFinite(step) ? -1 : step.longValue()));
        }
        List<NamedTensor> mean;
        try {
            mean = mean(models.stream().map(ModelFile::weights).toList());
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.corrupt(ModelFile.resolve(files.get(0)), "cannot average: " + e.getMessage());
        }
        ModelFile first = models.get(0);
        Provenance p = first.provenance().withMetrics(Map.of()).withParents(parents);
        return new ModelFile(first.config(), first.vocabularies(), first.tokenizer(), p, mean);
    }

    /** The architecture must be equal; {@code train.*}, {@code data.*} paths and {@code decode.*} may differ. */
    private static void requireCompatible(ModelFile first, Path firstFile, ModelFile m, Path file)
            throws ModelFormatException {
        String what = null;
        if (!first.config().model().equals(m.config().model())) {
            what = "architecture (model.*)";
        } else if (!first.vocabularies().equals(m.vocabularies())) {
            what = "vocabularies";
        } else if (!first.tokenizer().equals(m.tokenizer())) {
            what = "tokenizer";
        }
        if (what != null) {
            throw new ModelFormatException(
                    file,
                    ModelFormatException.Problem.WRONG_KIND,
                    "cannot be averaged with " + firstFile + ": its " + what
                            + " differs; average checkpoints of one run (or of runs that share them)");
        }
    }
}
