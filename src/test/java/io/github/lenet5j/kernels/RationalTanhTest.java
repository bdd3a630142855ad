package io.github.lenet5j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Sigmoid;
import io.github.lenet5j.nn.Tanh;
import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The rational tanh behind the fast engine's Sigmoid and Tanh against the exact functions in double. The bounds are the
 * errors docs/scripts/fit_tanh.py measures over every float (3.62e-7 for tanh, 1.94e-7 for the sigmoid),
 * rounded up: a few float ulps, the rounding of the evaluation in float.
 */
class RationalTanhTest {
    private static final double TANH_ERROR = 3.7e-7;
    private static final double SIGMOID_ERROR = 2.0e-7;
    /** A·(tanh error) plus half an ulp of values up to A: the amplitude's product is rounded too. */
    private static final double SCALED_TANH_ERROR = Tanh.LECUN_AMPLITUDE * TANH_ERROR + 0.6e-7;

    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f,
        -1e-30f, 1e-10f, 3e-6f, -1e-4f, 1e-3f, 0.5f, 1f, 9f, RationalTanh.T, 9.02f, 20f, 88.8f, 1e10f, 1e30f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    /** Every 1e-4 from −20 to 20, then 100,000 random values (normal with σ 5, and uniform on ±40), then SPECIAL. */
    private static float[] sweep() {
        int grid = 400_001;
        float[] x = new float[grid + 100_000 + SPECIAL.length];
        for (int i = 0; i < grid; i++) {
            x[i] = (float) (-20 + i * 1e-4);
        }
        Random random = new Random(42);
        for (int i = grid; i < grid + 100_000; i++) {
            x[i] = i % 2 == 0 ? (float) (5 * random.nextGaussian()) : 80 * random.nextFloat() - 40;
        }
        System.arraycopy(SPECIAL, 0, x, grid + 100_000, SPECIAL.length);
        return x;
    }

    private static float[] forward(Layer layer, float[] x) {
        return layer.forward(new Tensor(x.clone(), x.length)).data();
    }

    @Test
    void tanhKeepsFloatPrecisionNearZeroAndSaturates() {
        float[] x = {1e-3f, -1e-4f, 3e-6f, 0f, 20f, -20f, 400f, -400f};
        float[] y = forward(new Tanh("act"), x);
        for (int i = 0; i < y.length; i++) {
            double expected = Math.tanh(x[i]);
            assertThat((double) y[i]).as("tanh(%s)", x[i])
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-7 * Math.abs(expected) + 1e-12));
        }
    }

    @Test
    void tanhIsWithinItsMeasuredErrorOfMathTanh() {
        assertWithin(new Tanh("tanh"), Math::tanh, TANH_ERROR, -1, 1);
    }

    @Test
    void scaledTanhIsWithinItsMeasuredErrorOfLeCunsFunction() {
        float a = Tanh.LECUN_AMPLITUDE;
        assertWithin(new Tanh("tanh", true), x -> a * Math.tanh(Tanh.LECUN_SLOPE * x), SCALED_TANH_ERROR, -a, a);
    }

    @Test
    void sigmoidIsWithinItsMeasuredErrorOfTheExactSigmoid() {
        assertWithin(new Sigmoid("sigmoid"), x -> 1 / (1 + Math.exp(-x)), SIGMOID_ERROR, 0, 1);
    }

    /** |layer(x) − exact(x)| ≤ bound and lo ≤ layer(x) ≤ hi over the sweep, and the bound is not slack. */
    private static void assertWithin(Layer layer, DoubleUnaryOperator exact, double bound, float lo, float hi) {
        float[] x = sweep();
        float[] y = forward(layer, x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double error = Math.abs(y[i] - exact.applyAsDouble(x[i]));
            assertThat(error).as("|%s(%s) − exact| (got %s)", layer.name(), x[i], y[i]).isLessThanOrEqualTo(bound);
            assertThat(y[i]).as("%s(%s)", layer.name(), x[i]).isBetween(lo, hi);
            worst = Math.max(worst, error);
        }
        assertThat(worst).as("largest error of %s (a bound far above it would prove little)", layer.name())
                .isGreaterThan(bound / 4);
    }

    @Test
    void tanhIsOddToTheBit() {
        float[] x = sweep();
        float[] negated = x.clone();
        for (int i = 0; i < x.length; i++) {
            negated[i] = -x[i];
        }
        float[] y = forward(new Tanh("tanh"), x);
        float[] yNegated = forward(new Tanh("tanh"), negated);
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToIntBits(yNegated[i])).as("tanh(−%s) = %s, tanh(%s) = %s", x[i], yNegated[i], x[i], y[i])
                    .isEqualTo(Float.floatToIntBits(-y[i]));
        }
    }

    /**
     * Monotonic up to rounding. Where the function is flat (near its asymptotes) the rounding wobbles
     * between neighbouring inputs, so an output may fall below an earlier one, but by no more than twice
     * the error bound (fit_tanh.py's replay finds falls of up to 10 ulps of 1 for tanh over every float).
     * Where it rises by more than that between steps of 1e-4 (|x| &lt; 3) it never falls.
     */
    @Test
    void tanhAndSigmoidRiseExceptForAWobbleWithinTheirErrorWhereTheyAreFlat() {
        float[] x = sweep();
        Arrays.sort(x);
        Layer[] layers = {new Tanh("tanh"), new Sigmoid("sigmoid"), new Tanh("scaled", true)};
        double[] errors = {TANH_ERROR, SIGMOID_ERROR, SCALED_TANH_ERROR};
        for (int l = 0; l < layers.length; l++) {
            float[] y = forward(layers[l], x);
            float highest = y[0];
            for (int i = 1; i < x.length; i++) {
                String name = layers[l].name();
                int at = i;
                Supplier<String> what = () -> String.format("%s(%s) after %s(%s)", name, x[at], name, x[at - 1]);
                assertThat((double) y[i]).as(what).isGreaterThanOrEqualTo(highest - 2 * errors[l]);
                if (Math.abs(x[i]) < 3 && Math.abs(x[i - 1]) < 3 && x[i] - x[i - 1] >= 9e-5f) {
                    assertThat(y[i]).as(what).isGreaterThanOrEqualTo(y[i - 1]);
                }
                highest = Math.max(highest, y[i]);
            }
        }
    }

    @Test
    void specialValues() {
        float[] x = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -1e-30f,
            Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] tanh = forward(new Tanh("tanh"), x);
        assertThat(tanh).containsExactly(0f, -0f, 1f, -1f, Float.NaN, Float.MIN_VALUE, -1e-30f, 1f, -1f);
        assertThat(Float.floatToIntBits(tanh[1])).as("tanh(−0) is −0").isEqualTo(Float.floatToIntBits(-0f));
        float[] scaled = forward(new Tanh("scaled", true), new float[] {0f, -0f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE, -Float.MAX_VALUE});
        float a = Tanh.LECUN_AMPLITUDE;
        assertThat(scaled).containsExactly(0f, -0f, a, -a, Float.NaN, a, -a);
        float[] sigmoid = forward(new Sigmoid("sigmoid"), x);
        assertThat(sigmoid).containsExactly(0.5f, 0.5f, 1f, 0f, Float.NaN, 0.5f, 0.5f, 1f, 0f);
    }

    /**
     * NaN and ±∞ in every lane once the loop is compiled: the JIT vectorises it, and the vector min/max
     * must keep Java's NaN semantics, in the vector body as in the scalar head and tail.
     */
    @Test
    void nanAndInfinityGiveNanAndOneInTheCompiledLoopToo() {
        float[] x = new float[1003];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 5) {
                case 0 -> Float.NaN;
                case 1 -> Float.POSITIVE_INFINITY;
                case 2 -> Float.NEGATIVE_INFINITY;
                default -> (i % 7) - 3f;
            };
        }
        float[] y = new float[x.length];
        int wrong = 0;
        for (int run = 0; run < 20_000; run++) {
            RationalTanh.apply(x, 1f, 1f, -0f, y);
            for (int i = 0; i < x.length; i += 5) {
                if (!Float.isNaN(y[i]) || y[i + 1] != 1f || y[i + 2] != -1f) {
                    wrong++;
                }
            }
        }
        assertThat(wrong).as("runs × lanes where NaN did not give NaN or ±∞ did not give ±1").isZero();
    }

    /**
     * The vector kernels' tanh (VectorTanh's whole vectors, the fused loop's tail) to the bit against the fused loop
     * alone, on every 61st float bit pattern (NaNs, infinities, ±0, subnormals and the clamps' neighbourhoods among
     * them), as tanh, LeCun's scaled tanh and the sigmoid call it; a length that leaves a tail.
     */
    @Test
    void vectorTanhGivesTheFusedLoopsBitsForEveryKindOfFloat() {
        assumeThat(Kernels.VECTOR).as("the Vector API kernels (JVM without jdk.incubator.vector)").isTrue();
        float[] x = new float[(1 << 20) + 7];
        float[] vector = new float[x.length], loop = new float[x.length];
        float[][] uses = {{1f, 1f, -0f}, {Tanh.LECUN_SLOPE, Tanh.LECUN_AMPLITUDE, -0f}, {0.5f, 0.5f, 0.5f}};
        long differing = 0;
        for (long bits = 0; bits < 1L << 32; bits += 61L * x.length) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Float.intBitsToFloat((int) (bits + 61L * i));
            }
            x[0] = RationalTanh.T_FUSED;
            x[1] = -Math.nextDown(RationalTanh.T_FUSED);
            for (float[] use : uses) {
                RationalTanh.apply(x, use[0], use[1], use[2], vector);
                RationalTanh.fusedFrom(0, x, use[0], use[1], use[2], loop);
                for (int i = 0; i < x.length; i++) {
                    boolean same = Float.floatToRawIntBits(vector[i]) == Float.floatToRawIntBits(loop[i])
                            || Float.isNaN(vector[i]) && Float.isNaN(loop[i]);
                    differing += same ? 0 : 1;
                }
            }
        }
        assertThat(differing).as("values where the vector path and the fused loop differ").isZero();
    }
}
