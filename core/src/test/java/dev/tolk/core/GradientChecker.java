package dev.tolk.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Compares analytic gradients with central differences {@code (L(θ + h₊) − L(θ − h₋)) / (h₊ + h₋)}, where
 * {@code h±} are the perturbations actually representable in float32 (so rounding of {@code θ ± ε} does not bias
 * the quotient).
 *
 * <p><b>Precision mode.</b> The network runs in float32, so the loss is made smooth and well-conditioned: tests use
 * {@link #projection} ({@code L = Σ_i w_i·y_i} accumulated in double with fixed random weights {@code w}), and
 * ε = 1e-2 balances truncation error (O(ε²)) against float32 rounding of L (O(1e-7/ε)). A coordinate passes when
 * {@code |a − n| ≤ atol + rtol·max(|a|, |n|)} (defaults rtol = 1e-2, atol = 1e-3 for O(1) gradients), every
 * coordinate of small tensors is checked, and {@code GradientCheckerTest} shows that this separates right from
 * wrong: a gradient with one element scaled by 1.1, or a backward that drops the recurrent term, fails.
 *
 * <p>Usage: {@code checker.check(loss, computeGradients, targets).assertPassed()} where {@code loss} runs the
 * forward pass only and {@code computeGradients} runs forward + backward once (the checker zeroes the targets'
 * gradients first).
 */
public final class GradientChecker {
    /** A tensor to check: its value (perturbed in place) and the tensor where the analytic gradient lands. */
    public record Target(String name, Tensor value, Tensor grad) {}

    /** One coordinate that failed. */
    public record Failure(String tensor, int index, double analytic, double numeric) {
        @Override
        public String toString() {
            return tensor + "[" + index + "]: analytic " + analytic + ", numeric " + numeric;
        }
    }

    /** Outcome of a check. */
    public record Report(int checked, double worstRelativeError, List<Failure> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }

        /** Throws an {@link AssertionError} listing the worst failures unless the check passed. */
        public void assertPassed() {
            if (!passed()) {
                List<Failure> f = new ArrayList<>(failures);
                f.sort(Comparator.comparingDouble((Failure x) -> -Math.abs(x.analytic() - x.numeric())));
                throw new AssertionError(failures.size() + " of " + checked + " coordinates differ; worst: "
                        + f.subList(0, Math.min(8, f.size())));
            }
        }
    }

    private final double epsilon;
    private final double rtol;
    private final double atol;
    private final int maxPerTensor;
    private final long seed;

    public GradientChecker(double epsilon, double rtol, double atol, int maxPerTensor, long seed) {
        this.epsilon = epsilon;
        this.rtol = rtol;
        this.atol = atol;
        this.maxPerTensor = maxPerTensor;
        this.seed = seed;
    }

    /** ε = 1e-2, rtol = 1e-2, atol = 1e-3, up to 400 coordinates per tensor (all of them for small tensors). */
    public static GradientChecker standard() {
        return new GradientChecker(1e-2, 1e-2, 1e-3, 400, 12345L);
    }

    /** Targets for parameters. */
    public static List<Target> targets(List<Parameter> params) {
        List<Target> t = new ArrayList<>();
        for (Parameter p : params) {
            t.add(new Target(p.name(), p.value(), p.grad()));
        }
        return t;
    }

    /** {@code Σ_i w_i·y_i} accumulated in double (the standard smooth test loss). */
    public static double projection(Tensor y, Tensor w) {
        if (y.size() != w.size()) {
            throw new IllegalArgumentException("projection: " + y.size() + " vs " + w.size() + " elements");
        }
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) y.get(i) * w.get(i);
        }
        return s;
    }

    /** A tensor of the given shape with U(−1, 1) values from {@code seed} (projection weights, test inputs). */
    public static Tensor random(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        Initializers.uniform(t, 1f, new SplittableRandom(seed));
        return t;
    }

    /** Runs the check. */
    public Report check(DoubleSupplier loss, Runnable computeGradients, List<Target> targets) {
        for (Target t : targets) {
            t.grad().zero();
        }
        computeGradients.run();
        List<float[]> analytic = new ArrayList<>();
        for (Target t : targets) {
            analytic.add(t.grad().toArray());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Failure> failures = new ArrayList<>();
        int checked = 0;
        double worst = 0;
        for (int ti = 0; ti < targets.size(); ti++) {
            Target t = targets.get(ti);
            int n = t.value().size();
            int[] idx = coordinates(n, rng);
            for (int i : idx) {
                float v0 = t.value().get(i);
                float vp = (float) (v0 + epsilon);
                float vm = (float) (v0 - epsilon);
                t.value().set(i, vp);
                double lp = loss.getAsDouble();
                t.value().set(i, vm);
                double lm = loss.getAsDouble();
                t.value().set(i, v0);
                double numeric = (lp - lm) / ((double) vp - (double) vm);
                double a = analytic.get(ti)[i];
                double diff = Math.abs(a - numeric);
                double scale = Math.max(Math.abs(a), Math.abs(numeric));
                worst = Math.max(worst, diff / Math.max(scale, atol / rtol));
                if (!(diff <= atol + rtol * scale)) {
                    failures.add(new Failure(t.name(), i, a, numeric));
                }
                checked++;
            }
        }
        return new Report(checked, worst, failures);
    }

    private int[] coordinates(int n, SplittableRandom rng) {
        if (n <= maxPerTensor) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] pick = new int[maxPerTensor];
        for (int i = 0; i < maxPerTensor; i++) {
            pick[i] = rng.nextInt(n);
        }
        return pick;
    }
}
