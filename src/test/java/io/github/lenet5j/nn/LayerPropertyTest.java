package io.github.lenet5j.nn;

import static io.github.lenet5j.nn.Engine.REFERENCE;
import static io.github.lenet5j.nn.GradientCheck.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.loss.CrossEntropyLoss;
import io.github.lenet5j.tensor.Tensor;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over random shapes: each case draws its shapes, strides, paddings and values from
 * {@code new Random(seed)}, so a failure names the seed that reproduces it. The reference layers' gradients
 * are checked with {@link GradientCheck}, as {@link LayerGradientTest} does for fixed shapes.
 */
class LayerPropertyTest {
    private static final double TOLERANCE = 1e-2;

    static IntStream seeds() {
        return IntStream.range(0, 25);
    }

    private static int between(Random r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void conv2dGradientsMatchFiniteDifferencesForRandomShapesStridesAndPaddings(int seed) {
        Random r = new Random(seed);
        int kernel = between(r, 1, 5), stride = between(r, 1, 3), padding = between(r, 0, kernel - 1);
        int in = between(r, 1, 3), out = between(r, 1, 4), n = between(r, 1, 3);
        int height = between(r, Math.max(1, kernel - 2 * padding), 9), width = between(r, Math.max(1, kernel - 2 * padding), 9);
        Conv2d conv = new Conv2d("conv", in, out, kernel, stride, padding, REFERENCE);
        conv.initialize(r);
        Tensor x = random(r.nextLong(), -1, 1, n, in, height, width);
        assertThat(conv.forward(x).shape()).as("PyTorch's output size")
                .containsExactly(n, out, (height + 2 * padding - kernel) / stride + 1, (width + 2 * padding - kernel) / stride + 1);
        GradientCheck.check(conv, x, TOLERANCE);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void poolingGradientsMatchFiniteDifferencesForRandomShapes(int seed) {
        Random r = new Random(seed);
        int n = between(r, 1, 3), c = between(r, 1, 4), height = between(r, 2, 9), width = between(r, 2, 9);
        GradientCheck.check(new AvgPool2d("avg"), random(r.nextLong(), -1, 1, n, c, height, width), TOLERANCE);
        Subsampling subsampling = new Subsampling("sub", c);
        subsampling.initialize(r);
        GradientCheck.check(subsampling, random(r.nextLong(), -1, 1, n, c, height, width), TOLERANCE);
        // max pooling: distinct values 0.05 apart, so a step of 0.01 never changes a window's maximum
        Tensor x = new Tensor(n, c, height, width);
        float[] v = x.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.05f;
        }
        for (int i = v.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        GradientCheck.check(new MaxPool2d("max", REFERENCE), x, TOLERANCE);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void linearAndActivationGradientsMatchFiniteDifferencesForRandomShapes(int seed) {
        Random r = new Random(seed);
        int n = between(r, 1, 4), in = between(r, 1, 30), out = between(r, 1, 12);
        Linear fc = new Linear("fc", in, out, REFERENCE);
        fc.initialize(r);
        GradientCheck.check(fc, random(r.nextLong(), -1, 1, n, in), TOLERANCE);
        GradientCheck.check(new Sigmoid("sigmoid", REFERENCE), random(r.nextLong(), -4, 4, n, in), TOLERANCE);
        GradientCheck.check(new Tanh("tanh", false, REFERENCE), random(r.nextLong(), -3, 3, n, in), TOLERANCE);
        GradientCheck.check(new Tanh("scaled", true, REFERENCE), random(r.nextLong(), -3, 3, n, in), TOLERANCE);
        Tensor away = random(r.nextLong(), 0.1f, 2, n, in);   // no value within 0.1 of ReLU's kink
        float[] v = away.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextBoolean() ? v[i] : -v[i];
        }
        v[0] = Math.abs(v[0]);   // at least one positive value, so the gradient is not all zeros
        GradientCheck.check(new ReLU("relu", REFERENCE), away, TOLERANCE);
        GradientCheck.check(new Softmax("softmax"), random(r.nextLong(), -3, 3, n, out + 1), TOLERANCE);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void softmaxIsUnchangedByAddingAConstantToARow(int seed) {
        Random r = new Random(seed);
        int n = between(r, 1, 6), k = between(r, 1, 12);
        Tensor x = random(r.nextLong(), -10, 10, n, k);
        float[] p = new Softmax("softmax").forward(x).data().clone();
        Tensor shifted = x.copy();
        for (int row = 0; row < n; row++) {
            float c = (r.nextFloat() - 0.5f) * 200;
            for (int j = 0; j < k; j++) {
                shifted.data()[row * k + j] += c;
            }
        }
        float[] q = new Softmax("softmax").forward(shifted).data();
        for (int i = 0; i < p.length; i++) {
            assertThat(q[i]).as("p[%d]", i).isCloseTo(p[i], within(2e-5f));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void crossEntropyIsMinusTheMeanLogSoftmaxAndItsGradientIsSoftmaxMinusOneHotOverN(int seed) {
        Random r = new Random(seed);
        int n = between(r, 1, 8), k = between(r, 2, 12);
        Tensor logits = random(r.nextLong(), -8, 8, n, k);
        int[] targets = r.ints(n, 0, k).toArray();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        float value = loss.forward(logits, targets);
        float[] grad = loss.backward().data();
        double expected = 0;
        for (int s = 0; s < n; s++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits.data()[s * k + j]);
            }
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits.data()[s * k + j] - max);
            }
            double logSumExp = max + Math.log(sum);
            expected -= (logits.data()[s * k + targets[s]] - logSumExp) / n;
            double rowSum = 0;
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logits.data()[s * k + j] - logSumExp);
                double g = (p - (j == targets[s] ? 1 : 0)) / n;
                assertThat((double) grad[s * k + j]).as("grad[%d, %d]", s, j).isCloseTo(g, within(1e-6));
                rowSum += grad[s * k + j];
            }
            assertThat(rowSum).as("row %d of the gradient sums to 0", s).isCloseTo(0, within(1e-6));
        }
        assertThat((double) value).isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void wrongShapesAreRejectedNamingTheLayer(int seed) {
        Random r = new Random(seed);
        int in = between(r, 1, 4), wrong = in + between(r, 1, 3), n = between(r, 1, 3);
        assertThatThrownBy(() -> new Conv2d("conv", in, 2, 3).forward(new Tensor(n, wrong, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("conv: ")
                .hasMessageContaining("[" + n + ", " + wrong + ", 8, 8]");
        assertThatThrownBy(() -> new Linear("fc", in, 2).forward(new Tensor(n, wrong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fc: ");
        assertThatThrownBy(() -> new MaxPool2d("pool").forward(new Tensor(n, in, 1, between(r, 1, 5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pool: ");
        int k = between(r, 2, 6);
        assertThatThrownBy(() -> new CrossEntropyLoss().forward(new Tensor(n, k), new int[n + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CrossEntropyLoss");
        int[] targets = new int[n];
        targets[n - 1] = k + r.nextInt(3);
        assertThatThrownBy(() -> new CrossEntropyLoss().forward(new Tensor(n, k), targets))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target[" + (n - 1) + "]");
    }
}
