package io.github.lenet5j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * Central-difference gradient checks of one layer in isolation, as docs/math.md#checking-gradients describes.
 * The scalar checked is f = Σ r·y(x) for a fixed random r of y's shape, summed in double; the layer itself runs
 * in float, so the step is large ({@link #STEP}) and the tolerance loose: the float rounding of y, divided by
 * 2·STEP, is the noise. Each entry's relative error is
 * <pre>
 * rel = |a − n| / max(|a|, |n|, 1% of the largest |a| checked)        a = analytic, n = numerical
 * </pre>
 * (the floor: an entry orders of magnitude below the largest is compared absolutely). Every check also asserts
 * that the analytic gradient is not zero: its norm is above {@link #MIN_NORM} and at least a tenth of the
 * entries checked are not zero, since two zero gradients agree and prove nothing.
 */
public final class GradientCheck {
    /** The finite-difference step h: near float's ε^(1/3) ≈ 5e-3, where truncation and rounding balance (docs/math.md: 3e-3 measured worse). */
    public static final float STEP = 1e-2f;
    /** The smallest norm of a gradient that the check accepts as not zero. */
    public static final double MIN_NORM = 1e-3;

    private GradientCheck() {
    }

    /** A tensor of the given shape, uniform in [lo, hi), from a seed. */
    public static Tensor random(long seed, float lo, float hi, int... shape) {
        Tensor t = new Tensor(shape);
        Random random = new Random(seed);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * random.nextFloat();
        }
        return t;
    }

    /** Checks dL/dinput and dL/dparameter for every parameter of {@code layer}; returns the largest rel seen. */
    public static double check(Layer layer, Tensor input, double tolerance) {
        return check(layer::forward, layer::backward, layer.parameters(), input, tolerance);
    }

    /**
     * Checks a forward/backward pair: the input gradient and every parameter's gradient, each at up to 400
     * entries spread over it.
     *
     * @return the largest relative error seen
     */
    public static double check(Function<Tensor, Tensor> forward, Function<Tensor, Tensor> backward,
                               Iterable<Parameter> parameters, Tensor input, double tolerance) {
        Tensor output = forward.apply(input);
        Tensor projection = random(99, -1, 1, output.shape());
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
        float[] gradInput = backward.apply(projection).data().clone();
        double worst = compare("input", input.data(), gradInput, forward, input, projection, tolerance);
        for (Parameter p : parameters) {
            float[] grad = p.grad().data().clone();
            worst = Math.max(worst, compare(p.name(), p.value().data(), grad, forward, input, projection, tolerance));
        }
        return worst;
    }

    private static double compare(String what, float[] values, float[] analytic, Function<Tensor, Tensor> forward,
                                  Tensor input, Tensor projection, double tolerance) {
        int stride = Math.max(1, values.length / 400);
        double largest = 0, squares = 0;
        int checked = 0, nonZero = 0;
        for (int i = 0; i < values.length; i += stride) {
            largest = Math.max(largest, Math.abs(analytic[i]));
            checked++;
            nonZero += analytic[i] != 0 ? 1 : 0;
        }
        for (float a : analytic) {
            squares += (double) a * a;
        }
        assertThat(Math.sqrt(squares)).as("norm of the gradient of %s (a check of zeros proves nothing)", what)
                .isGreaterThan(MIN_NORM);
        assertThat(nonZero).as("entries of d/d%s checked that are not zero, of %d", what, checked)
                .isGreaterThanOrEqualTo((checked + 9) / 10);
        double floor = 0.01 * largest, worst = 0;
        for (int i = 0; i < values.length; i += stride) {
            float saved = values[i];
            values[i] = saved + STEP;
            double plus = loss(forward.apply(input), projection);
            values[i] = saved - STEP;
            double minus = loss(forward.apply(input), projection);
            values[i] = saved;
            double numeric = (plus - minus) / (2 * STEP);
            double error = Math.abs(numeric - analytic[i]) / Math.max(floor, Math.max(Math.abs(numeric), Math.abs(analytic[i])));
            assertThat(error).as("relative error of d/d%s[%d]: analytic %s, numeric %s", what, i, analytic[i], numeric)
                    .isLessThan(tolerance);
            worst = Math.max(worst, error);
        }
        return worst;
    }

    private static double loss(Tensor output, Tensor projection) {
        double sum = 0;
        float[] y = output.data(), r = projection.data();
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * r[i];
        }
        return sum;
    }
}
