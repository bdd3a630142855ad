package io.github.lenet5j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {
    private static Tensor logits(int n, int k, long seed) {
        Random random = new Random(seed);
        Tensor t = new Tensor(n, k);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (3 * random.nextGaussian());
        }
        return t;
    }

    @Test
    void valuesMatchHandComputation() {
        // row 0: log(e + e² + e³) − 3 = 0.407605964;  row 1: log(e^0.5 + e^-1 + 1) − 0.5 = 0.604130606
        Tensor x = new Tensor(new float[] {1, 2, 3, 0.5f, -1, 0}, 2, 3);
        assertThat(new CrossEntropyLoss().forward(x, new int[] {2, 0})).isCloseTo(0.505868285f, within(1e-7f));
        // two equal logits: log 2
        assertThat(new CrossEntropyLoss().forward(new Tensor(new float[] {0, 0}, 1, 2), new int[] {1}))
                .isCloseTo((float) Math.log(2), within(1e-7f));
    }

    @Test
    void labelSmoothingMatchesHandComputation() {
        // log p = [1, 2, 3] − 3.407605964 = [−2.407605964, −1.407605964, −0.407605964]
        // loss = −(0.9 · (−2.407605964) + (0.1 / 3) · (−4.222817892)) = 2.307605964 (torch agrees)
        CrossEntropyLoss loss = new CrossEntropyLoss(0.1f);
        assertThat(loss.forward(new Tensor(new float[] {1, 2, 3}, 1, 3), new int[] {0})).isCloseTo(2.307605964f, within(1e-6f));
        // gradient: softmax − q, with q = [0.9 + 0.1/3, 0.1/3, 0.1/3]
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        float[] g = loss.backward().data();
        assertThat(g[0]).isCloseTo((float) (Math.exp(1) / z - (0.9 + 0.1 / 3)), within(1e-7f));
        assertThat(g[2]).isCloseTo((float) (Math.exp(3) / z - 0.1 / 3), within(1e-7f));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (float smoothing : new float[] {0f, 0.2f}) {
            Tensor x = logits(4, 5, 42);
            int[] targets = {0, 3, 4, 1};
            CrossEntropyLoss loss = new CrossEntropyLoss(smoothing);
            loss.forward(x, targets);
            float[] analytic = loss.backward().data().clone();
            GradientCheck.check(x.data(), analytic, () -> {
                loss.forward(x, targets);
                return loss.lastLoss();
            });
        }
    }

    @Test
    void hugeLogitsGiveFiniteLossAndGradient() {
        Tensor x = new Tensor(new float[] {1e30f, -1e30f, -1e30f, 1e30f}, 2, 2);
        for (float smoothing : new float[] {0f, 0.1f}) {
            CrossEntropyLoss loss = new CrossEntropyLoss(smoothing);
            float right = loss.forward(x, new int[] {0, 1});
            assertThat(right).isCloseTo(smoothing == 0 ? 0f : 0.05f * 2e30f, within(1e24f));
            float wrong = loss.forward(x, new int[] {1, 0});
            assertThat(wrong).isFinite().isCloseTo((1 - smoothing / 2) * 2e30f, within(1e24f));
            for (float g : loss.backward().data()) {
                assertThat(g).isFinite();
            }
            assertThat(loss.backward().data()[0]).isCloseTo((1 - smoothing / 2) / 2, within(1e-7f));
        }
    }

    @Test
    void backwardReusesItsBufferForTheSameBatchSize() {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        loss.forward(logits(3, 4, 1), new int[] {0, 1, 2});
        Tensor first = loss.backward();
        loss.forward(logits(3, 4, 2), new int[] {3, 2, 1});
        assertThat(loss.backward()).isSameAs(first);
        loss.forward(logits(2, 4, 3), new int[] {3, 2});
        assertThat(loss.backward().shape()).containsExactly(2, 4);
    }

    @Test
    void badInputsAreRejected() {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("CrossEntropyLoss");
        Tensor x = logits(2, 3, 7);
        assertThatThrownBy(() -> loss.forward(x, new int[] {0, 3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CrossEntropyLoss").hasMessageContaining("target[1] = 3").hasMessageContaining("0..2");
        assertThatThrownBy(() -> loss.forward(x, new int[] {-1, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target[0] = -1");
        assertThatThrownBy(() -> loss.forward(x, new int[] {0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 targets for a batch of 2");
        assertThatThrownBy(() -> loss.forward(new Tensor(2, 3, 1), new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CrossEntropyLoss")
                .hasMessageContaining("[N, N]").hasMessageContaining("[2, 3, 1]");
        assertThatThrownBy(() -> new CrossEntropyLoss(1.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label smoothing");
    }
}
