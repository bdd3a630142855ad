package io.github.lenet5j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * Central-difference gradient checks. The scalar checked is L = Σ r·f(x) for a fixed random r, summed
 * in double so that float rounding in f stays far below the differences measured. Every check also
 * asserts that the gradient it compares is not zero: two zero gradients agree and prove nothing.
 */
public final class GradientCheck {
    private static final float STEP = 1e-2f;

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

    /** Checks dL/dinput and dL/dparameter for every parameter of {@code layer}. */
    public static void check(Layer layer, Tensor input, double tolerance) {
        check(layer::forward, layer::backward, layer.parameters(), input, tolerance);
    }

    /**
     * Checks a forward/backward pair: the input gradient and every parameter's gradient,
     * each at up to 400 values spread over it.
     */
    public static void check(Function<Tensor, Tensor> forward, Function<Tensor, Tensor> backward,
                             Iterable<Parameter> parameters, Tensor input, double tolerance) {
        Tensor output = forward.apply(input);
        Tensor projection = random(99, -1, 1, output.shape());
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
        float[] gradInput = backward.apply(projection).data().clone();
        compare("input", input.data(), gradInput, forward, input, projection, tolerance,
                Math.max(1, gradInput.length / 400));
        for (Parameter p : parameters) {
            float[] grad = p.grad().data().clone();
            compare(p.name(), p.value().data(), grad, forward, input, projection, tolerance,
                    Math.max(1, grad.length / 400));
        }
    }

    private static void compare(String what, float[] values, float[] analytic, Function<Tensor, Tensor> forward,
                                Tensor input, Tensor projection, double tolerance, int stride) {
        double largest = 0;
        for (int i = 0; i < values.length; i += stride) {
            largest = Math.max(largest, Math.abs(analytic[i]));
        }
        // a gradient orders of magnitude below the largest is compared absolutely, against 1% of the largest
        double floor = 0.01 * largest;
        for (int i = 0; i < values.length; i += stride) {
            float saved = values[i];
            values[i] = saved + STEP;
            double plus = loss(forward.apply(input), projection);
            values[i] = saved - STEP;
            double minus = loss(forward.apply(input), projection);
            values[i] = saved;
            double numeric = (plus - minus) / (2 * STEP);
            double error = Math.abs(numeric - analytic[i]) / Math.max(floor, Math.abs(numeric) + Math.abs(analytic[i]));
            assertThat(error).as("relative error of d/d%s[%d]: analytic %s, numeric %s", what, i, analytic[i], numeric)
                    .isLessThan(tolerance);
        }
        assertThat(largest).as("largest |gradient| of %s (a check of zeros proves nothing)", what).isGreaterThan(1e-5);
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
