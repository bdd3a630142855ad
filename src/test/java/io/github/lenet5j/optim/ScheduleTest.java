package io.github.lenet5j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Learning-rate schedules at a few epochs, against PyTorch's closed forms worked out by hand. */
class ScheduleTest {
    @Test
    void constant() {
        assertThat(new ConstantSchedule().learningRate(0.1f, 0)).isEqualTo(0.1f);
        assertThat(new ConstantSchedule().learningRate(0.1f, 1000)).isEqualTo(0.1f);
    }

    @Test
    void stepDecaysEveryStepSizeEpochs() {
        StepSchedule s = new StepSchedule(3, 0.1f);
        assertThat(s.learningRate(0.5f, 0)).isEqualTo(0.5f);
        assertThat(s.learningRate(0.5f, 2)).isEqualTo(0.5f);
        assertThat(s.learningRate(0.5f, 3)).isEqualTo(0.05f);
        assertThat(s.learningRate(0.5f, 5)).isEqualTo(0.05f);
        assertThat(s.learningRate(0.5f, 6)).isEqualTo(0.005f); // (float) (0.5 * 0.1 ** 2), as Python computes it
        assertThat(s.learningRate(0.5f, 9)).isEqualTo((float) (0.5 * Math.pow(0.1, 3)));
    }

    @Test
    void cosineAnnealsFromBaseToMin() {
        CosineSchedule s = new CosineSchedule(10, 0.001f);
        assertThat(s.learningRate(0.1f, 0)).isEqualTo(0.1f);
        assertThat(s.learningRate(0.1f, 5)).isCloseTo(0.0505f, within(1e-8f)); // halfway: (base + min) / 2
        assertThat(s.learningRate(0.1f, 10)).isCloseTo(0.001f, within(1e-9f));
        // epoch 2: 0.001 + 0.099 * (1 + cos(π/5)) / 2 = 0.001 + 0.099 * 0.904508497 = 0.0905463412
        assertThat(s.learningRate(0.1f, 2)).isCloseTo(0.0905463412f, within(1e-8f));
        // like PyTorch's closed form, the cosine continues past T
        assertThat(s.learningRate(0.1f, 15)).isCloseTo(0.0505f, within(1e-8f));
    }

    @Test
    void invalidSchedulesAndEpochsAreRejected() {
        assertThatThrownBy(() -> new StepSchedule(0, 0.1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StepSchedule").hasMessageContaining("stepSize");
        assertThatThrownBy(() -> new StepSchedule(2, 0f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma");
        assertThatThrownBy(() -> new CosineSchedule(0, 0f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totalEpochs");
        assertThatThrownBy(() -> new CosineSchedule(10, -1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minLr");
        assertThatThrownBy(() -> new CosineSchedule(10, 0f).learningRate(0.1f, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch");
        assertThatThrownBy(() -> new StepSchedule(2, 0.5f).learningRate(0.1f, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch");
    }
}
