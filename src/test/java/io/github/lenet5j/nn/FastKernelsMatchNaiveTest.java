package io.github.lenet5j.nn;

import static io.github.lenet5j.nn.GradientCheck.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast layers against their plain reference loops (the Naive* classes): forward output, backward
 * gradInput and every parameter gradient, on random inputs of several shapes and batch sizes.
 *
 * <p>Tolerance: 1e-5 relative to the largest value of the tensor compared. The fast kernels add the same
 * products in another order (blocks of four, sums per image), so float results differ in the last bits:
 * a sum of K terms of size ~1 carries a rounding error of ~K·6e-8, below 1e-5 for the K ≤ 400 used here.
 */
class FastKernelsMatchNaiveTest {
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "batch {0}, {1}→{2} channels, kernel {3}, stride {4}, padding {5}, input {6}x{7}")
    @CsvSource({
        "64, 1, 6, 5, 1, 0, 32, 32",     // LeNet-5's conv1
        "64, 6, 16, 5, 1, 0, 14, 14",    // conv2
        "1, 1, 6, 5, 1, 0, 32, 32",
        "3, 3, 5, 3, 2, 1, 9, 8",
        "5, 2, 7, 3, 1, 2, 5, 7",
        "2, 4, 3, 2, 3, 0, 8, 10",
        "1, 16, 120, 5, 1, 0, 5, 5",     // C5 as a convolution
        "7, 3, 1, 1, 1, 0, 6, 6",
        "2, 2, 2, 4, 2, 3, 7, 5",
        "3, 6, 4, 5, 2, 2, 11, 9",       // K = 150 (weight gradient from transposed patches) with stride and padding
        "2, 8, 3, 3, 1, 1, 6, 7",
        "4, 3, 2, 5, 1, 0, 9, 13"})      // the 5×5 stride-1 fast paths (K = 75) on a non-square input
    void conv2dMatchesTheReferenceLoops(int batch, int in, int out, int kernel, int stride, int padding,
                                        int height, int width) {
        Conv2d fast = new Conv2d("conv", in, out, kernel, stride, padding);
        NaiveConv2d naive = new NaiveConv2d("conv", in, out, kernel, stride, padding);
        fast.initialize(new Random(1));
        copy(fast.parameters(), naive.parameters());
        compare(fast, naive, random(2, -1, 1, batch, in, height, width));
    }

    @ParameterizedTest(name = "batch {0}, input {1}x{2}")
    @CsvSource({"64, 14, 14", "1, 14, 14", "3, 9, 8"})
    void sparseConv2dMatchesTheReferenceLoops(int batch, int height, int width) {
        SparseConv2d fast = SparseConv2d.lenet5C3("c3");
        NaiveSparseConv2d naive = NaiveSparseConv2d.lenet5C3("c3");
        fast.initialize(new Random(7));
        copy(fast.parameters(), naive.parameters());
        compare(fast, naive, random(8, -1, 1, batch, 6, height, width));
    }

    @ParameterizedTest(name = "batch {0}, {1}→{2}")
    @CsvSource({"64, 400, 120", "64, 120, 84", "64, 84, 10", "1, 400, 120", "3, 7, 5", "17, 33, 1", "1, 1, 1"})
    void linearMatchesTheReferenceLoops(int batch, int in, int out) {
        Linear fast = new Linear("fc", in, out);
        NaiveLinear naive = new NaiveLinear("fc", in, out);
        fast.initialize(new Random(3));
        copy(fast.parameters(), naive.parameters());
        compare(fast, naive, random(4, -1, 1, batch, in));
    }

    @Test
    void activationsMatchTheReferenceLoops() {
        Tensor x = random(5, -6, 6, 3, 6, 7, 5);
        compare(new Sigmoid("act"), NaiveActivation.sigmoid("act"), x);
        compare(new Tanh("act"), NaiveActivation.tanh("act", false), x);
        compare(new Tanh("act", true), NaiveActivation.tanh("act", true), x);
        compare(new ReLU("act"), NaiveActivation.relu("act"), x);
    }

    @Test
    void tanhKeepsFloatPrecisionNearZeroAndSaturates() {
        Tensor x = new Tensor(new float[] {1e-3f, -1e-4f, 3e-6f, 0f, 20f, -20f, 400f, -400f}, 8);
        float[] y = new Tanh("act").forward(x).data();
        for (int i = 0; i < y.length; i++) {
            double expected = Math.tanh(x.data()[i]);
            assertThat((double) y[i]).as("tanh(%s)", x.data()[i])
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-7 * Math.abs(expected) + 1e-12));
        }
    }

    /**
     * Two runs of forward and backward: the second checks the buffers reused after the first, and that
     * parameter gradients accumulate (+=) over both.
     */
    private static void compare(Layer fast, Layer naive, Tensor input) {
        for (Parameter p : fast.parameters()) {
            p.zeroGrad();
        }
        for (Parameter p : naive.parameters()) {
            p.zeroGrad();
        }
        for (int run = 0; run < 2; run++) {
            assertClose(fast.name() + " output", fast.forward(input).data(), naive.forward(input).data());
            Tensor gradOutput = random(6 + run, -1, 1, fast.outputShape(input.shape()));
            assertClose(fast.name() + " gradInput", fast.backward(gradOutput).data(), naive.backward(gradOutput).data());
            List<Parameter> fastParams = fast.parameters(), naiveParams = naive.parameters();
            for (int i = 0; i < fastParams.size(); i++) {
                assertClose(fastParams.get(i).name() + " grad", fastParams.get(i).grad().data(),
                        naiveParams.get(i).grad().data());
            }
        }
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        double largest = 0;
        for (float e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        assertThat(largest).as("largest |%s| (comparing zeros proves nothing)", what).isGreaterThan(0);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as("%s[%d]: fast %s, naive %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(TOLERANCE * largest);
        }
    }

    private static void copy(List<Parameter> from, List<Parameter> to) {
        for (int i = 0; i < from.size(); i++) {
            System.arraycopy(from.get(i).value().data(), 0, to.get(i).value().data(), 0, from.get(i).size());
        }
    }
}
