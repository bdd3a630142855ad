package io.github.lenet5j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleSupplier;

/**
 * Compares an analytic gradient with central finite differences of a double-precision loss.
 *
 * <p>Not flaky by construction: inputs come from a fixed seed, the step is applied to the float
 * input and the difference quotient divides by the step actually taken ({@code (float) (x + h) − x},
 * exact in double), and the loss is read unrounded, so the only error is the O(h²) truncation.
 */
final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * Asserts that {@code analytic[i] ≈ (L(x + h e_i) − L(x − h e_i)) / (2h)} for every i, and
     * that the analytic gradient is not all zero (which would make the check vacuous).
     */
    static void check(float[] input, float[] analytic, DoubleSupplier loss) {
        double h = 1e-3;
        double largest = 0;
        for (int i = 0; i < input.length; i++) {
            float original = input[i];
            input[i] = (float) (original + h);
            double up = input[i];
            double lossUp = loss.getAsDouble();
            input[i] = (float) (original - h);
            double down = input[i];
            double lossDown = loss.getAsDouble();
            input[i] = original;
            double numeric = (lossUp - lossDown) / (up - down);
            assertThat((double) analytic[i]).as("gradient element %d", i)
                    .isCloseTo(numeric, within(1e-5 + 1e-4 * Math.abs(numeric)));
            largest = Math.max(largest, Math.abs(analytic[i]));
        }
        assertThat(largest).as("largest compared gradient").isGreaterThan(1e-3);
    }
}
