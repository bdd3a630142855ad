package io.github.lenet5j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Optimizer#stepPart}: a step in shares, on one thread or several at once, is {@code step()} to the bit. */
class StepPartTest {
    static Stream<Arguments> optimizers() {
        Function<List<Parameter>, Optimizer> plain = p -> new SGD(p, SgdConfig.of(0.1f));
        Function<List<Parameter>, Optimizer> momentum = p -> new SGD(p, SgdConfig.of(0.05f).withMomentum(0.9f)
                .withDampening(0.1f));
        Function<List<Parameter>, Optimizer> nesterov =
                p -> new SGD(p, SgdConfig.of(0.1f).withMomentum(0.9f).withNesterov(true).withWeightDecay(1e-3f));
        Function<List<Parameter>, Optimizer> adam = p -> new Adam(p, AdamConfig.of(0.01f).withWeightDecay(1e-2f));
        return Stream.of(Arguments.of("SGD", plain), Arguments.of("SGD momentum", momentum),
                Arguments.of("SGD Nesterov, weight decay", nesterov), Arguments.of("Adam", adam));
    }

    /** Parameters of 1, 7 and 120 elements: shares of none, one and many elements. */
    private static List<Parameter> params() {
        List<Parameter> params = List.of(new Parameter("a", 1), new Parameter("b", 7), new Parameter("c", 10, 12));
        for (Parameter p : params) {
            for (int i = 0; i < p.size(); i++) {
                p.value().data()[i] = (float) Math.sin(3 * i + p.size());
            }
        }
        return params;
    }

    private static void fakeBackward(List<Parameter> params, int step) {
        for (Parameter p : params) {
            for (int i = 0; i < p.size(); i++) {
                p.grad().data()[i] += p.value().data()[i] * p.value().data()[i] - (float) Math.cos(step + i);
            }
        }
    }

    private static void assertSameBits(List<Parameter> expected, Optimizer expectedOpt, List<Parameter> actual,
                                       Optimizer actualOpt) {
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).value().data()).as(expected.get(i).name())
                    .isEqualTo(expected.get(i).value().data());
        }
        assertThat(actualOpt.steps()).isEqualTo(expectedOpt.steps());
        Map<String, float[]> state = actualOpt.state();
        expectedOpt.state().forEach((key, values) -> assertThat(state.get(key)).as(key).isEqualTo(values));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepInSharesGivesTheBitsOfOneStep(String name, Function<List<Parameter>, Optimizer> factory) {
        for (int parts = 1; parts <= 4; parts++) {
            List<Parameter> whole = params(), split = params();
            Optimizer one = factory.apply(whole), shared = factory.apply(split);
            for (int step = 0; step < 4; step++) {
                one.zeroGrad();
                fakeBackward(whole, step);
                one.step();
                shared.zeroGrad();
                fakeBackward(split, step);
                for (int part = parts - 1; part >= 0; part--) {   // any order: the shares do not overlap
                    shared.stepPart(part, parts);
                }
                assertThat(shared.steps()).as("counted only by endStep").isEqualTo(step);
                shared.endStep();
            }
            assertSameBits(whole, one, split, shared);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void sharesRunAtTheSameTimeOnSeveralThreads(String name, Function<List<Parameter>, Optimizer> factory)
            throws Exception {
        List<Parameter> whole = params(), split = params();
        Optimizer one = factory.apply(whole), shared = factory.apply(split);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int step = 0; step < 3; step++) {
                one.zeroGrad();
                fakeBackward(whole, step);
                one.step();
                shared.zeroGrad();
                fakeBackward(split, step);
                List<Future<?>> parts = new ArrayList<>();
                for (int part = 0; part < 3; part++) {
                    int k = part;
                    parts.add(threads.submit(() -> shared.stepPart(k, 3)));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
                shared.endStep();
            }
        } finally {
            threads.shutdown();
        }
        assertSameBits(whole, one, split, shared);
    }

    @Test
    void anOptimizerWithoutSharesStepsWholeInPartZero() {
        int[] steps = {0};
        Optimizer counting = new Optimizer() {
            @Override
            public void step() {
                steps[0]++;
            }

            @Override
            public void zeroGrad() {
            }

            @Override
            public float learningRate() {
                return 0;
            }

            @Override
            public void setLearningRate(float lr) {
            }

            @Override
            public long steps() {
                return steps[0];
            }

            @Override
            public Map<String, float[]> state() {
                return Map.of();
            }

            @Override
            public void loadState(Map<String, float[]> state, long count) {
            }
        };
        for (int part = 0; part < 3; part++) {
            counting.stepPart(part, 3);
        }
        counting.endStep();
        assertThat(steps[0]).as("step() ran once, in part 0").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aShareOutsideTheStepIsRefused(String name, Function<List<Parameter>, Optimizer> factory) {
        Optimizer opt = factory.apply(params());
        assertThatThrownBy(() -> opt.stepPart(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> opt.stepPart(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(opt.steps()).isZero();
    }
}
