package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.nn.Agreement;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole models on both engines, the same weights: scores, the input gradient and every parameter gradient,
 * accumulated over two passes, at odd batch sizes; and the engine that {@link LeNet5#withEngine} and
 * {@link ClassicLeNet5#withEngine} give, replicas keep and the summary names. Each layer is compared alone in
 * FastEngineMatchesReferenceTest; here the differences of the layers add up through the network.
 *
 * <p>Tolerance: {@value #TOLERANCE} of the largest |value| of the tensor compared. Each layer's engines agree to
 * about 1e-6 of its largest value (float rounding in another order, the rational tanh); through five weighted
 * layers and back those differences grow, and the gradients of the first layers sum many of them: the largest
 * difference seen here is between 3e-6 and 1e-5 of the largest value (conv1's gradients), so the bound leaves a
 * margin of five for other kernels and JVMs, while a wrong term is off by 1e-2 or more.
 */
class EnginesAgreeTest {
    private static final double TOLERANCE = 5e-5;

    static List<Arguments> modernConfigurations() {
        List<Arguments> cases = new ArrayList<>();
        int[] batches = {1, 3, 7};
        int i = 0;
        for (Activation activation : Activation.values()) {
            for (Pooling pooling : Pooling.values()) {
                int channels = i % 2 == 0 ? 1 : 3;
                cases.add(Arguments.of(new LeNet5Config(channels, 10, activation, pooling), batches[i++ % batches.length]));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}, batch {1}")
    @MethodSource("modernConfigurations")
    void theModernNetworkComputesTheSameOnBothEngines(LeNet5Config config, int batch) {
        LeNet5 fast = new LeNet5(config, 3);
        LeNet5 reference = fast.withEngine(Engine.REFERENCE);
        assertThat(fast.engine()).isEqualTo(Engine.FAST);
        assertThat(reference.engine()).isEqualTo(Engine.REFERENCE);
        assertThat(reference.replica().engine()).isEqualTo(Engine.REFERENCE);
        assertThat(reference.summary()).contains("engine reference");
        compare(fast, reference, GradientCheck.random(4, 0, 1, batch, config.inChannels(), 32, 32));
    }

    @ParameterizedTest(name = "{0} channels, batch {1}")
    @CsvSource({"1, 1", "1, 3", "3, 7"})
    void the1998NetworkComputesTheSameOnBothEngines(int channels, int batch) {
        ClassicLeNet5 reference = new ClassicLeNet5(channels, 10, 3, Engine.REFERENCE);
        ClassicLeNet5 fast = reference.withEngine(Engine.FAST);
        assertThat(fast.engine()).isEqualTo(Engine.FAST);
        assertThat(reference.replica().engine()).isEqualTo(Engine.REFERENCE);
        assertThat(reference.summary()).contains("engine reference");
        compare(fast, reference, GradientCheck.random(4, -0.1f, 1.175f, batch, channels, 32, 32));
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"0", "1"})
    void theSameSeedGivesTheSameWeightsOnBothEngines(long seed) {
        LeNet5Config config = LeNet5Config.of(10, true).withPooling(Pooling.SUBSAMPLING);
        assertSameValues(new LeNet5(config, seed).parameters(), new LeNet5(config, seed, Engine.REFERENCE).parameters());
        assertSameValues(new ClassicLeNet5(1, 10, seed).parameters(),
                new ClassicLeNet5(1, 10, seed, Engine.REFERENCE).parameters());
    }

    private static void assertSameValues(List<Parameter> a, List<Parameter> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value().data()).as(a.get(i).name()).containsExactly(b.get(i).value().data());
        }
    }

    /** Two passes of scores and backward on both models; the parameter gradients accumulate over both. */
    private static void compare(Classifier fast, Classifier reference, Tensor input) {
        fast.zeroGrad();
        reference.zeroGrad();
        for (int run = 0; run < 2; run++) {
            Tensor fastScores = fast.scores(input);
            assertClose("scores", fastScores.data(), reference.scores(input).data());
            Tensor gradScores = GradientCheck.random(5 + run, -1, 1, fastScores.shape());
            assertClose("gradInput", fast.backward(gradScores).data(), reference.backward(gradScores).data());
            List<Parameter> f = fast.parameters(), r = reference.parameters();
            for (int i = 0; i < f.size(); i++) {
                assertClose(f.get(i).name() + " grad", f.get(i).grad().data(), r.get(i).grad().data());
            }
        }
    }

    private static void assertClose(String what, float[] fast, float[] reference) {
        Agreement.assertClose(what, fast, reference, TOLERANCE);
    }
}
