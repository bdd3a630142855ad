package io.github.lenet5j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MSELossTest {
    @Test
    void valueAndGradientMatchHandComputation() {
        // differences [1, −2, 0.5, 0]: loss = (1 + 4 + 0.25 + 0) / 4 = 1.3125; gradient = 2·d/4 = d/2
        Tensor p = new Tensor(new float[] {2, -1, 0.5f, 3}, 2, 2);
        Tensor t = new Tensor(new float[] {1, 1, 0, 3}, 2, 2);
        MSELoss loss = new MSELoss();
        assertThat(loss.forward(p, t)).isEqualTo(1.3125f);
        assertThat(loss.backward().data()).containsExactly(0.5f, -1f, 0.25f, 0f);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random random = new Random(7);
        Tensor p = new Tensor(3, 4);
        Tensor t = new Tensor(3, 4);
        for (int i = 0; i < p.size(); i++) {
            p.data()[i] = (float) random.nextGaussian();
            t.data()[i] = (float) random.nextGaussian();
        }
        MSELoss loss = new MSELoss();
        loss.forward(p, t);
        float[] analytic = loss.backward().data().clone();
        GradientCheck.check(p.data(), analytic, () -> {
            loss.forward(p, t);
            return loss.lastLoss();
        });
    }

    @Test
    void badInputsAreRejected() {
        MSELoss loss = new MSELoss();
        assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("MSELoss");
        assertThatThrownBy(() -> loss.forward(new Tensor(2, 3), new Tensor(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MSELoss")
                .hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
    }
}
