package io.github.lenet5j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration records: defaults, builders, PyTorch's validation, and simple hand-checked steps. */
class ConfigTest {
    @Test
    void adamDefaultsAreTorchDefaults() {
        assertThat(AdamConfig.defaults()).isEqualTo(new AdamConfig(1e-3f, 0.9f, 0.999f, 1e-8f, 0f));
        assertThat(AdamConfig.of(0.01f).lr()).isEqualTo(0.01f);
    }

    @Test
    void sgdBuilders() {
        SgdConfig c = SgdConfig.of(0.1f).withMomentum(0.9f).withDampening(0.1f).withWeightDecay(5e-4f);
        assertThat(c).isEqualTo(new SgdConfig(0.1f, 0.9f, 0.1f, 5e-4f, false));
        assertThat(SgdConfig.of(0.1f).withMomentum(0.9f).withNesterov(true).nesterov()).isTrue();
    }

    @Test
    void invalidSgdConfigsAreRejected() {
        assertThatThrownBy(() -> SgdConfig.of(-0.1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SGD").hasMessageContaining("lr").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> SgdConfig.of(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SgdConfig.of(0.1f).withMomentum(-0.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum");
        assertThatThrownBy(() -> SgdConfig.of(0.1f).withWeightDecay(-1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weightDecay");
        assertThatThrownBy(() -> SgdConfig.of(0.1f).withNesterov(true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesterov").hasMessageContaining("momentum > 0");
        assertThatThrownBy(() -> new SgdConfig(0.1f, 0.9f, 0.1f, 0f, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dampening == 0");
    }

    @Test
    void invalidAdamConfigsAreRejected() {
        assertThatThrownBy(() -> AdamConfig.of(-1e-3f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Adam").hasMessageContaining("lr");
        assertThatThrownBy(() -> AdamConfig.defaults().withBetas(1f, 0.999f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("betas");
        assertThatThrownBy(() -> AdamConfig.defaults().withBetas(0.9f, -0.1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdamConfig.defaults().withEps(-1e-8f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eps");
        assertThatThrownBy(() -> AdamConfig.defaults().withWeightDecay(-1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weightDecay");
    }

    @Test
    void plainSgdStepByHand() {
        Parameter p = new Parameter("w", 2);
        p.value().data()[0] = 1f;
        p.value().data()[1] = -2f;
        p.grad().data()[0] = 0.5f;
        p.grad().data()[1] = -4f;
        new SGD(List.of(p), SgdConfig.of(0.25f)).step();
        assertThat(p.value().data()).containsExactly(0.875f, -1f);
        assertThat(p.grad().data()).containsExactly(0.5f, -4f); // step does not clear gradients
    }

    @Test
    void firstAdamStepMovesEachValueByAboutLr() {
        // t = 1: m̂ = g and v̂ = g², so the update is lr·g/(|g| + eps) ≈ lr·sign(g)
        Parameter p = new Parameter("w", 2);
        p.grad().data()[0] = 3f;
        p.grad().data()[1] = -0.01f;
        new Adam(List.of(p), AdamConfig.of(0.1f)).step();
        assertThat(p.value().data()[0]).isCloseTo(-0.1f, within(1e-6f));
        assertThat(p.value().data()[1]).isCloseTo(0.1f, within(1e-6f));
    }
}
