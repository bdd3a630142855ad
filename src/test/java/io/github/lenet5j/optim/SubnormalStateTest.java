package io.github.lenet5j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The optimizers' state never keeps a subnormal float: a decaying momentum or moment of a weight whose gradient
 * stays 0 ends at exactly 0 (it would otherwise stop a few steps above 0 and cost the processor's slow path on every
 * step), and the weights are the unflushed formula's, bit for bit.
 */
class SubnormalStateTest {
    /** The premise: 0.9 times a small subnormal rounds back to itself, so plain decay never reaches 0. */
    @Test
    void decayByNineTenthsAloneSticksAboveZero() {
        float b = 1f;
        for (int i = 0; i < 10_000; i++) {
            b *= 0.9f;
        }
        assertThat(b).isPositive().isLessThan(Float.MIN_NORMAL);
    }

    @Test
    void sgdMomentumOfAWeightWhoseGradientStopsDecaysToExactlyZero() {
        Parameter w = new Parameter("w", 1);
        SGD sgd = new SGD(List.of(w), SgdConfig.of(0.01f).withMomentum(0.9f));
        w.grad().data()[0] = 1f;
        sgd.step();
        w.grad().data()[0] = 0f;
        float momentum = Float.NaN;
        for (int i = 0; i < 10_000; i++) {
            sgd.step();
            momentum = sgd.state().get("w.momentum")[0];
            assertThat(momentum == 0f || Math.abs(momentum) >= Float.MIN_NORMAL).as("step %d: %s", i, momentum)
                    .isTrue();
        }
        assertThat(momentum).isZero();
    }

    @Test
    void adamMomentsOfAWeightWhoseGradientStopsDecayToExactlyZero() {
        Parameter w = new Parameter("w", 1);
        Adam adam = new Adam(List.of(w), AdamConfig.of(0.001f));
        w.grad().data()[0] = 1e-17f;   // v = 1e-3 · 1e-34 starts near the subnormals: thousands of steps to them
        adam.step();
        w.grad().data()[0] = 0f;
        for (int i = 0; i < 200_000; i++) {
            adam.step();
        }
        assertThat(adam.state().get("w.exp_avg")[0]).isZero();
        assertThat(adam.state().get("w.exp_avg_sq")[0]).isZero();
    }

    /** PyTorch's SGD with momentum in plain floats, without the flush, as the class comment of SGD gives it. */
    @Test
    void sgdWeightsEqualTheUnflushedUpdateToTheBit() {
        int n = 64;
        Parameter w = new Parameter("w", n);
        float[] expected = new float[n], buffer = new float[n];
        for (int i = 0; i < n; i++) {
            w.value().data()[i] = expected[i] = (float) Math.sin(i + 1);
        }
        SGD sgd = new SGD(List.of(w), SgdConfig.of(0.05f).withMomentum(0.9f));
        int subnormalSteps = 0;
        for (int step = 0; step < 3000; step++) {
            for (int i = 0; i < n; i++) {   // half the weights get no gradient after step 40, the rest a shrinking one
                float g = i % 2 == 0 && step > 40 ? 0f : (float) (Math.cos(step * 0.7 + i) / (1 + step));
                w.grad().data()[i] = g;
                buffer[i] = step == 0 ? g : Math.fma(1f, g, buffer[i] * 0.9f);
                expected[i] = Math.fma(-0.05f, buffer[i], expected[i]);
                if (buffer[i] != 0f && Math.abs(buffer[i]) < Float.MIN_NORMAL) {
                    subnormalSteps++;
                }
            }
            sgd.step();
        }
        assertThat(subnormalSteps).as("steps on which the unflushed buffer was subnormal").isGreaterThan(1000);
        assertThat(w.value().data()).isEqualTo(expected);
    }

    /**
     * The flush is written without a comparison (so that the optimizers' loops are SIMD): it must give what the
     * comparison gives, for every subnormal of both signs, both zeros, the normals around the boundary, the special
     * values and a sample of all other floats.
     */
    @Test
    void flushWithoutAComparisonEqualsTheComparisonForEveryKindOfFloat() {
        for (int bits = 0; bits < 0x00800010; bits++) {   // +0, every positive subnormal, the smallest normals
            assertFlushedLikeTheComparison(Float.intBitsToFloat(bits));
            assertFlushedLikeTheComparison(Float.intBitsToFloat(bits | 0x80000000));
        }
        for (float x : new float[] {Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), 1e-30f, 0.5f, 1f, 3f, 4f, 1e30f,
                Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            assertFlushedLikeTheComparison(x);
            assertFlushedLikeTheComparison(-x);
        }
        SplittableRandom random = new SplittableRandom(24);
        for (int i = 0; i < 1_000_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(x)) {
                assertFlushedLikeTheComparison(x);
            }
        }
        assertThat(Floats.zeroIfSubnormal(Float.NaN)).isNaN();
    }

    private static void assertFlushedLikeTheComparison(float x) {
        float expected = Math.abs(x) < Float.MIN_NORMAL ? 0f : x, flushed = Floats.zeroIfSubnormal(x);
        if (Float.floatToRawIntBits(flushed) != Float.floatToRawIntBits(expected)) {   // AssertJ per value: slow
            assertThat(Float.floatToRawIntBits(flushed)).as("flush of %s (bits %08x)", x, Float.floatToRawIntBits(x))
                    .isEqualTo(Float.floatToRawIntBits(expected));
        }
    }
}
