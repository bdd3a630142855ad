package io.github.lenet5j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** zeroGrad, checkpoint export/import and its validation, for every optimizer. */
class OptimizerStateTest {
    static Stream<Arguments> optimizers() {
        Function<List<Parameter>, Optimizer> sgd =
                p -> new SGD(p, SgdConfig.of(0.1f).withMomentum(0.9f).withNesterov(true).withWeightDecay(1e-3f));
        Function<List<Parameter>, Optimizer> adam = p -> new Adam(p, AdamConfig.of(0.01f).withWeightDecay(1e-2f));
        return Stream.of(Arguments.of("SGD", sgd), Arguments.of("Adam", adam));
    }

    /** Two small parameters with deterministic values. */
    private static List<Parameter> params() {
        Parameter w = new Parameter("fc1.weight", 3, 4);
        Parameter b = new Parameter("fc1.bias", 3);
        for (int i = 0; i < w.size(); i++) {
            w.value().data()[i] = (float) Math.sin(i + 1);
        }
        for (int i = 0; i < b.size(); i++) {
            b.value().data()[i] = 0.1f * i;
        }
        return List.of(w, b);
    }

    /** A gradient that depends on the values and the step, like a real loss would. */
    private static void fakeBackward(List<Parameter> params, int step) {
        for (Parameter p : params) {
            for (int i = 0; i < p.size(); i++) {
                p.grad().data()[i] += p.value().data()[i] * p.value().data()[i] - (float) Math.cos(step + i);
            }
        }
    }

    private static void train(Optimizer opt, List<Parameter> params, int fromStep, int toStep) {
        for (int s = fromStep; s < toStep; s++) {
            opt.zeroGrad();
            fakeBackward(params, s);
            opt.step();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void zeroGradClearsEveryGradient(String name, Function<List<Parameter>, Optimizer> factory) {
        List<Parameter> params = params();
        Optimizer opt = factory.apply(params);
        fakeBackward(params, 0);
        assertThat(params.get(0).grad().data()).isNotEqualTo(new float[12]);
        opt.zeroGrad();
        for (Parameter p : params) {
            assertThat(p.grad().data()).containsOnly(0f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumingFromExportedStateIsBitIdentical(String name, Function<List<Parameter>, Optimizer> factory) {
        List<Parameter> straight = params();
        Optimizer straightOpt = factory.apply(straight);
        train(straightOpt, straight, 0, 5);

        List<Parameter> resumed = params();
        Optimizer first = factory.apply(resumed);
        train(first, resumed, 0, 3);
        Map<String, float[]> saved = first.state();
        Optimizer second = factory.apply(resumed);
        second.loadState(saved, first.steps());
        train(second, resumed, 3, 5);

        assertThat(second.steps()).isEqualTo(5);
        for (int i = 0; i < straight.size(); i++) {
            assertThat(resumed.get(i).value().data()).containsExactly(straight.get(i).value().data());
        }
        assertThat(second.state()).containsOnlyKeys(straightOpt.state().keySet());
        straightOpt.state().forEach((key, values) -> assertThat(second.state().get(key)).containsExactly(values));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stateIsACopyNamedAfterTheParameters(String name, Function<List<Parameter>, Optimizer> factory) {
        List<Parameter> params = params();
        Optimizer opt = factory.apply(params);
        train(opt, params, 0, 1);
        Map<String, float[]> state = opt.state();
        if (name.equals("SGD")) {
            assertThat(state.keySet()).containsExactly("fc1.weight.momentum", "fc1.bias.momentum");
        } else {
            assertThat(state.keySet()).containsExactly("fc1.weight.exp_avg", "fc1.bias.exp_avg",
                    "fc1.weight.exp_avg_sq", "fc1.bias.exp_avg_sq");
        }
        String key = state.keySet().iterator().next();
        state.get(key)[0] = 12345f;
        assertThat(opt.state().get(key)[0]).isNotEqualTo(12345f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void loadStateRejectsBadStateAndChangesNothing(String name, Function<List<Parameter>, Optimizer> factory) {
        List<Parameter> params = params();
        Optimizer opt = factory.apply(params);
        train(opt, params, 0, 2);
        Map<String, float[]> good = opt.state();
        String key = good.keySet().iterator().next();

        Map<String, float[]> missing = new LinkedHashMap<>(good);
        missing.remove(key);
        assertThatThrownBy(() -> opt.loadState(missing, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name).hasMessageContaining(key).hasMessageContaining("missing");

        Map<String, float[]> extra = new LinkedHashMap<>(good);
        extra.put("conv9.weight.momentum", new float[1]);
        assertThatThrownBy(() -> opt.loadState(extra, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected").hasMessageContaining("conv9.weight.momentum");

        Map<String, float[]> wrongLength = new LinkedHashMap<>(good);
        wrongLength.put(key, new float[5]);
        assertThatThrownBy(() -> opt.loadState(wrongLength, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key).hasMessageContaining("5 values").hasMessageContaining("12");

        assertThatThrownBy(() -> opt.loadState(good, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps");

        assertThat(opt.steps()).isEqualTo(2);
        good.forEach((k, v) -> assertThat(opt.state().get(k)).containsExactly(v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void learningRateCanBeChangedButNotMadeInvalid(String name, Function<List<Parameter>, Optimizer> factory) {
        Optimizer opt = factory.apply(params());
        opt.setLearningRate(0.5f);
        assertThat(opt.learningRate()).isEqualTo(0.5f);
        assertThatThrownBy(() -> opt.setLearningRate(-1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name).hasMessageContaining("lr");
        assertThatThrownBy(() -> opt.setLearningRate(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(opt.learningRate()).isEqualTo(0.5f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void parameterListsAreValidated(String name, Function<List<Parameter>, Optimizer> factory) {
        assertThatThrownBy(() -> factory.apply(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty parameter list");
        List<Parameter> duplicated = List.of(new Parameter("fc1.bias", 2), new Parameter("fc1.bias", 2));
        assertThatThrownBy(() -> factory.apply(duplicated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate").hasMessageContaining("fc1.bias");
    }
}
