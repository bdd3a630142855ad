package io.github.lenet5j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 1998 paper's equation 9 on RBF distances. */
class RbfMapLossTest {

    @Test
    void valueIsEquation9AveragedOverTheBatch() {
        Tensor y = new Tensor(new float[] {1, 2, 3, 0.5f, 4, 0}, 2, 3);
        float j = 0.1f;
        double row0 = 2 + Math.log(Math.exp(-j) + Math.exp(-1) + Math.exp(-2) + Math.exp(-3));
        double row1 = 0.5 + Math.log(Math.exp(-j) + Math.exp(-0.5) + Math.exp(-4) + Math.exp(0));
        assertThat((double) new RbfMapLoss(j).forward(y, new int[] {1, 0})).isCloseTo((row0 + row1) / 2, within(1e-6));
        assertThat(new RbfMapLoss().j()).isEqualTo(RbfMapLoss.DEFAULT_J);
    }

    @Test
    void largeDistancesDoNotOverflowOrUnderflow() {
        RbfMapLoss loss = new RbfMapLoss(0.1f);
        float value = loss.forward(new Tensor(new float[] {5_000, 9_000}, 1, 2), new int[] {0});
        // every e^−y underflows; the rubbish term e^−j dominates: 5000 + log(e^−0.1) = 4999.9
        assertThat((double) value).isCloseTo(4_999.9, within(1e-2));
        assertThat(loss.backward().data()).containsExactly(1f, 0f);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        RbfMapLoss loss = new RbfMapLoss(0.5f);
        int[] targets = {2, 0, 3};
        Tensor distances = GradientCheck.random(1, 0, 3, 3, 4);
        Tensor value = new Tensor(1);
        Tensor grad = new Tensor(3, 4);
        GradientCheck.check(y -> {
            value.data()[0] = loss.forward(y, targets);
            return value;
        }, g -> {
            float[] d = loss.backward().data();
            for (int i = 0; i < d.length; i++) {
                grad.data()[i] = g.data()[0] * d[i];
            }
            return grad;
        }, List.of(), distances, 1e-2);
    }

    @Test
    void badTargetsAndOrderAreRejected() {
        RbfMapLoss loss = new RbfMapLoss();
        assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> loss.forward(new Tensor(2, 10), new int[] {1}))
                .hasMessage("RbfMapLoss: 1 targets for a batch of 2");
        assertThatThrownBy(() -> loss.forward(new Tensor(1, 10), new int[] {10}))
                .hasMessage("RbfMapLoss: target 10 out of range [0, 10)");
        assertThatThrownBy(() -> new RbfMapLoss(0)).hasMessageContaining("positive");
    }
}
