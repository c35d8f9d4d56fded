package dev.tolk.seq2seq.train;

import dev.tolk.core.Parameter;
import dev.tolk.core.Tensor;
import dev.tolk.seq2seq.store.ModelWeights;
import dev.tolk.seq2seq.store.NamedTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The exponential moving average of a model's weights (Polyak averaging; Marian's {@code --exponential-smoothing},
 * {@code train.ema_decay} here). After update {@code n = 1, 2, …}, for every weight:
 *
 * <pre>
 *   ema_n = d_n · ema_(n−1) + (1 − d_n) · θ_n,    d_n = min(d, (1 + n) / (10 + n)),    ema_0 = θ_0
 * </pre>
 *
 * where {@code θ_n} are the weights after update {@code n}, {@code θ_0} the weights training starts from and
 * {@code d} the configured decay. The warm-up {@code (1 + n) / (10 + n)} lets the average follow the weights early
 * in training, when {@code θ_0} is far from anything useful (Marian, and TensorFlow's {@code ExponentialMovingAverage}
 * with {@code num_updates}, do the same).
 *
 * <p><b>Precision.</b> The average is kept in float32, the weights' own precision, so that a checkpoint and a model
 * file hold it exactly and a resumed run continues bit for bit; each update is computed in float64
 * ({@code d_n}, both products and the sum) and rounded to float32 once. (A float32 average stops moving when the
 * step {@code (1 − d_n)·(θ − ema)} is below half a unit in the last place of {@code ema}: with {@code d = 0.9999}
 * and weights around 0.1 that is a difference under 4·10⁻⁵, far below what Adam moves a weight in the updates that
 * matter.)
 *
 * <p>{@link #withAveragedWeights(Supplier)} runs a computation (validation, export) with the average in the model's
 * parameters and restores the trained weights exactly afterwards. Not thread-safe.
 */
public final class ExponentialMovingAverage {
    private final double decay;
    private final List<Parameter> params;
    private final float[][] average;
    private final float[][] saved;

    /**
     * Starts the average at the parameters' current values ({@code ema_0 = θ_0}).
     *
     * @param decay {@code d}, in (0, 1)
     * @param params the parameters to average, in a fixed order
     */
    public ExponentialMovingAverage(double decay, List<Parameter> params) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.params = List.copyOf(params);
        this.average = new float[this.params.size()][];
        this.saved = new float[this.params.size()][];
        for (int i = 0; i < average.length; i++) {
            average[i] = this.params.get(i).value().toArray();
        }
    }

    /**
     * @param decay {@code d}
     * @param n the update just done, ≥ 1
     * @return {@code d_n = min(d, (1 + n) / (10 + n))}, in float64
     */
    public static double decayAt(double decay, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("the update number must be >= 1, got " + n);
        }
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** @return the configured decay {@code d} */
    public double decay() {
        return decay;
    }

    /**
     * Folds the parameters' current values in: {@code ema_n = d_n · ema_(n−1) + (1 − d_n) · θ_n}.
     *
     * @param n the update just done, ≥ 1
     */
    public void update(long n) {
        double d = decayAt(decay, n);
        double w = 1.0 - d;
        for (int p = 0; p < average.length; p++) {
            Tensor t = params.get(p).value();
            FloatBuffer b = t.buffer();
            int off = t.offset();
            float[] a = average[p];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (d * a[i] + w * b.get(off + i));
            }
        }
    }

    /** @return copies of the averaged weights, named and ordered as the parameters */
    public List<NamedTensor> export() {
        List<NamedTensor> out = new ArrayList<>(average.length);
        for (int p = 0; p < average.length; p++) {
            out.add(new NamedTensor(params.get(p).name(), params.get(p).value().shape(), average[p].clone()));
        }
        return out;
    }

    /**
     * Replaces the average by stored values (resuming from a checkpoint).
     *
     * @param weights one tensor per parameter, by name, with its exact shape
     * @throws IllegalArgumentException naming the first missing, extra or mis-shaped tensor (nothing is changed)
     */
    public void restore(List<NamedTensor> weights) {
        List<Parameter> scratch = new ArrayList<>(params.size());
        for (Parameter p : params) {
            scratch.add(Parameter.of(p.name(), Tensor.zeros(p.value().shape())));
        }
        ModelWeights.load(scratch, weights); // checks names and shapes before anything is copied
        for (int p = 0; p < average.length; p++) {
            scratch.get(p).value().copyTo(average[p]);
        }
    }

    /**
     * Runs {@code body} with the averaged weights in the parameters, then puts the trained weights back exactly.
     *
     * @param body e.g. a validation; must not change the parameters
     * @return what {@code body} returns
     */
    public <T> T withAveragedWeights(Supplier<T> body) {
        for (int p = 0; p < average.length; p++) {
            Tensor t = params.get(p).value();
            if (saved[p] == null) {
                saved[p] = new float[average[p].length];
            }
            t.copyTo(saved[p]);
            t.copyFrom(average[p]);
        }
        try {
            return body.get();
        } finally {
            for (int p = 0; p < average.length; p++) {
                params.get(p).value().copyFrom(saved[p]);
            }
        }
    }
}
