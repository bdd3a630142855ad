package io.github.lenet5j.nn;

import static io.github.lenet5j.nn.Engine.REFERENCE;
import static io.github.lenet5j.nn.GradientCheck.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every layer's reference backward against central finite differences ({@link GradientCheck}: float layers,
 * step 1e-2, the scalar summed in double). The fast engine is proven equal to these loops by
 * {@link FastEngineMatchesReferenceTest}.
 */
class LayerGradientTest {
    private static final double TOLERANCE = 1e-2;

    @ParameterizedTest(name = "kernel {0}, stride {1}, padding {2}, input {3}x{4}")
    @CsvSource({"5, 1, 0, 12, 12", "3, 2, 1, 9, 8", "3, 1, 2, 5, 7", "2, 3, 0, 8, 10", "5, 1, 0, 5, 5"})
    void conv2dGradientsMatchFiniteDifferences(int kernel, int stride, int padding, int height, int width) {
        Conv2d conv = new Conv2d("conv", 3, 4, kernel, stride, padding, REFERENCE);
        conv.initialize(new Random(1));
        GradientCheck.check(conv, random(2, -1, 1, 2, 3, height, width), TOLERANCE);
    }

    @Test
    void maxPoolGradientGoesToEachWindowsMaximum() {
        // distinct values at least 0.05 apart, so a step of 0.01 never changes which value is the maximum
        Tensor x = new Tensor(2, 3, 6, 7);
        float[] v = x.data();
        Random random = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.05f;
        }
        for (int i = v.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        GradientCheck.check(new MaxPool2d("pool", REFERENCE), x, TOLERANCE);
    }

    /**
     * At a tie the maximum is not differentiable and finite differences say nothing; both engines send the
     * gradient to the first maximum in row-major window order, as PyTorch's CPU kernel does (docs/math.md#maxpool2d).
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void maxPoolSendsATiedWindowsGradientToItsFirstMaximum(Engine engine) {
        Tensor x = new Tensor(new float[] {
            1, 1, /**/ 0, 2, /**/ 3, 0, /**/ 5, 4,
            1, 1, /**/ 0, 2, /**/ 3, 3, /**/ 5, 5}, 1, 1, 2, 8);   // windows tied: all four; the right column; three; three
        MaxPool2d pool = new MaxPool2d("pool", engine);
        assertThat(pool.forward(x).data()).containsExactly(1, 2, 3, 5);
        float[] gx = pool.backward(new Tensor(new float[] {10, 20, 30, 40}, 1, 1, 1, 4)).data();
        assertThat(gx).containsExactly(
                10, 0, /**/ 0, 20, /**/ 30, 0, /**/ 40, 0,
                0, 0, /**/ 0, 0, /**/ 0, 0, /**/ 0, 0);
    }

    @Test
    void avgPoolGradientsMatchFiniteDifferences() {
        GradientCheck.check(new AvgPool2d("pool"), random(4, -1, 1, 2, 3, 8, 6), TOLERANCE);
    }

    @Test
    void subsamplingGradientsMatchFiniteDifferences() {
        Subsampling s = new Subsampling("s2", 3);
        s.initialize(new Random(5));
        GradientCheck.check(s, random(6, -1, 1, 2, 3, 6, 8), TOLERANCE);
    }

    @Test
    void linearGradientsMatchFiniteDifferences() {
        Linear fc = new Linear("fc", 20, 7, REFERENCE);
        fc.initialize(new Random(7));
        GradientCheck.check(fc, random(8, -1, 1, 3, 20), TOLERANCE);
    }

    @Test
    void sigmoidGradientMatchesFiniteDifferences() {
        GradientCheck.check(new Sigmoid("act", REFERENCE), random(9, -4, 4, 3, 2, 5, 5), TOLERANCE);
    }

    @Test
    void tanhGradientMatchesFiniteDifferences() {
        GradientCheck.check(new Tanh("act", false, REFERENCE), random(10, -3, 3, 3, 50), TOLERANCE);
    }

    @Test
    void scaledTanhGradientMatchesFiniteDifferences() {
        GradientCheck.check(new Tanh("act", true, REFERENCE), random(11, -3, 3, 3, 50), TOLERANCE);
    }

    @Test
    void reluGradientMatchesFiniteDifferencesAwayFromTheKink() {
        Tensor x = random(12, 0.1f, 2, 4, 30);
        float[] v = x.data();
        for (int i = 0; i < v.length; i += 2) {
            v[i] = -v[i];   // half negative, none within 0.1 of the kink at 0
        }
        GradientCheck.check(new ReLU("act", REFERENCE), x, TOLERANCE);
    }

    @Test
    void softmaxGradientMatchesFiniteDifferences() {
        GradientCheck.check(new Softmax("softmax"), random(13, -3, 3, 4, 6), TOLERANCE);
    }

    @Test
    void flattenPassesGradientsThroughUnchanged() {
        Flatten flatten = new Flatten("flatten");
        Linear fc = new Linear("fc", 2 * 3 * 3, 4, REFERENCE);
        fc.initialize(new Random(14));
        Sequential both = new Sequential("both", java.util.List.of(flatten, fc));
        GradientCheck.check(both, random(15, -1, 1, 2, 2, 3, 3), TOLERANCE);
    }
}
