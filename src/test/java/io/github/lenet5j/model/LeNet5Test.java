package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class LeNet5Test {

    @ParameterizedTest(name = "{0} channels, {1} classes")
    @CsvSource({"1, 10", "3, 10", "1, 2", "3, 47", "4, 1"})
    void everyStageHasTheLeNet5OutputShape(int channels, int classes) {
        LeNet5 model = new LeNet5(new LeNet5Config(channels, classes, Activation.RELU, Pooling.MAX), 1);
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        model.layerTable().forEach(row -> shapes.put(row.name(), row.output()));
        assertThat(shapes).containsEntry("conv1", List.of(6, 28, 28)).containsEntry("s2", List.of(6, 14, 14))
                .containsEntry("conv2", List.of(16, 10, 10)).containsEntry("s4", List.of(16, 5, 5))
                .containsEntry("flatten", List.of(400)).containsEntry("fc1", List.of(120))
                .containsEntry("fc2", List.of(84)).containsEntry("fc3", List.of(classes))
                .containsEntry("softmax", List.of(classes));
        LeNet5Output out = model.forward(GradientCheck.random(2, 0, 1, 3, channels, 32, 32));
        assertThat(out.logits().shape()).containsExactly(3, classes);
        assertThat(out.probabilities().shape()).containsExactly(3, classes);
    }

    @Test
    void parameterCountsAreLeNet5s() {
        LeNet5 gray = new LeNet5(10, true);
        assertThat(counts(gray)).containsExactly(
                Map.entry("conv1", 156), Map.entry("conv2", 2_416), Map.entry("fc1", 48_120),
                Map.entry("fc2", 10_164), Map.entry("fc3", 850));
        assertThat(gray.numParameters()).isEqualTo(61_706);
        assertThat(counts(new LeNet5(10, false))).containsEntry("conv1", 456);
        LeNet5 sub = new LeNet5(LeNet5Config.of(10, true).withPooling(Pooling.SUBSAMPLING), 0);
        assertThat(counts(sub)).containsEntry("s2", 12).containsEntry("s4", 32);
        assertThat(sub.numParameters()).isEqualTo(61_706 + 12 + 32);
    }

    private static Map<String, Integer> counts(LeNet5 model) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        model.layerTable().stream().filter(row -> row.params() > 0).forEach(row -> counts.put(row.name(), row.params()));
        return counts;
    }

    @Test
    void parameterNamesAndShapesArePyTorchs() {
        LeNet5 model = new LeNet5(new LeNet5Config(3, 7, Activation.TANH, Pooling.SUBSAMPLING), 0);
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            shapes.put(p.name(), java.util.Arrays.stream(p.value().shape()).boxed().toList());
        }
        assertThat(shapes).containsExactly(
                Map.entry("conv1.weight", List.of(6, 3, 5, 5)), Map.entry("conv1.bias", List.of(6)),
                Map.entry("s2.weight", List.of(6)), Map.entry("s2.bias", List.of(6)),
                Map.entry("conv2.weight", List.of(16, 6, 5, 5)), Map.entry("conv2.bias", List.of(16)),
                Map.entry("s4.weight", List.of(16)), Map.entry("s4.bias", List.of(16)),
                Map.entry("fc1.weight", List.of(120, 400)), Map.entry("fc1.bias", List.of(120)),
                Map.entry("fc2.weight", List.of(84, 120)), Map.entry("fc2.bias", List.of(84)),
                Map.entry("fc3.weight", List.of(7, 84)), Map.entry("fc3.bias", List.of(7)));
    }

    @Test
    void initialisationIsUniformWithinPyTorchsBoundsAndSeeded() {
        LeNet5 a = new LeNet5(LeNet5Config.of(10, true), 42), b = new LeNet5(LeNet5Config.of(10, true), 42);
        LeNet5 c = new LeNet5(LeNet5Config.of(10, true), 43);
        assertThat(a.parameter("fc1.weight").value().data()).containsExactly(b.parameter("fc1.weight").value().data());
        assertThat(a.parameter("fc1.weight").value().data()).isNotEqualTo(c.parameter("fc1.weight").value().data());
        float bound = (float) (1 / Math.sqrt(400));
        float[] w = a.parameter("fc1.weight").value().data();
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : w) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isBetween(-bound, -0.99f * bound);
        assertThat(max).isBetween(0.99f * bound, bound);
    }

    /**
     * The float model's backward on the reference engine against central differences of a double-precision
     * twin of its forward (float finite differences drown the small input gradients of a sigmoid net in rounding
     * noise). The fast engine equals the reference engine (EnginesAgreeTest).
     */
    @ParameterizedTest
    @EnumSource(Pooling.class)
    void wholeModelGradientsMatchFiniteDifferencesInDoublePrecision(Pooling pooling) {
        for (Activation activation : Activation.values()) {
            LeNet5 model = new LeNet5(new LeNet5Config(2, 5, activation, pooling), 7, Engine.REFERENCE);
            Tensor input = GradientCheck.random(8, 0, 1, 2, 2, 32, 32);
            Tensor projection = GradientCheck.random(9, -1, 1, 2, 5);
            model.forward(input);
            model.zeroGrad();
            float[] gradInput = model.backward(projection).data().clone();

            ReferenceLeNet5 reference = new ReferenceLeNet5(model);
            double[][] x = new double[2][2 * 32 * 32];
            for (int i = 0; i < input.size(); i++) {
                x[i / x[0].length][i % x[0].length] = input.data()[i];
            }
            String what = activation.id() + "/" + pooling.id();
            // float gradients carry ~0.1% rounding; a ReLU or max kink within a step of a value adds a little more
            double tolerance = activation == Activation.RELU || pooling == Pooling.MAX ? 5e-2 : 1e-2;
            compare(what + " input", gradInput, i -> x[i / x[0].length], i -> i % x[0].length, reference, x,
                    projection, tolerance);
            for (Parameter p : model.parameters()) {
                double[] values = reference.params.get(p.name());
                compare(what + " " + p.name(), p.grad().data(), i -> values, i -> i, reference, x, projection, tolerance);
            }
        }
    }

    private static void compare(String what, float[] analytic, java.util.function.IntFunction<double[]> array,
                                java.util.function.IntUnaryOperator index, ReferenceLeNet5 reference,
                                double[][] x, Tensor projection, double tolerance) {
        double step = 1e-6, largest = 0;   // small: ReLU and max kinks lie near some values
        for (float g : analytic) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertThat(largest).as("largest |gradient| of %s", what).isGreaterThan(1e-7);
        for (int i = 0; i < analytic.length; i += Math.max(1, analytic.length / 40)) {
            double[] values = array.apply(i);
            int k = index.applyAsInt(i);
            double saved = values[k];
            values[k] = saved + step;
            double plus = projected(reference.logits(x), projection);
            values[k] = saved - step;
            double minus = projected(reference.logits(x), projection);
            values[k] = saved;
            double numeric = (plus - minus) / (2 * step);
            assertThat(Math.abs(numeric - analytic[i]))
                    .as("d/d%s[%d]: analytic %s, numeric %s", what, i, analytic[i], numeric)
                    .isLessThanOrEqualTo(tolerance * Math.max(Math.abs(numeric), 0.01 * largest));
        }
    }

    private static double projected(double[][] logits, Tensor projection) {
        double sum = 0;
        for (int s = 0; s < logits.length; s++) {
            for (int k = 0; k < logits[s].length; k++) {
                sum += logits[s][k] * projection.get(s, k);
            }
        }
        return sum;
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheLogits() {
        LeNet5Output out = new LeNet5(10, true).forward(GradientCheck.random(3, 0, 1, 2, 1, 32, 32));
        for (int row = 0; row < 2; row++) {
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                sum += Math.exp(out.logits().get(row, k));
            }
            for (int k = 0; k < 10; k++) {
                assertThat((double) out.probabilities().get(row, k))
                        .isCloseTo(Math.exp(out.logits().get(row, k)) / sum, within(1e-6));
            }
        }
    }

    @Test
    void wrongInputIsRejectedWithTheLayerAndBothShapes() {
        LeNet5 model = new LeNet5(10, true);
        assertThatThrownBy(() -> model.forward(new Tensor(2, 3, 32, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LeNet5 input (conv1): expected input of shape [N, 1, 32, 32] but got [2, 3, 32, 32]");
        assertThatThrownBy(() -> model.forward(new Tensor(2, 1, 28, 28)))
                .hasMessageContaining("[N, 1, 32, 32]").hasMessageContaining("[2, 1, 28, 28]");
        assertThatThrownBy(() -> model.forward(new Tensor(1, 32, 32)))
                .hasMessageContaining("[1, 32, 32]");
    }

    @Test
    void invalidConfigurationsFailAtBuildTime() {
        assertThatThrownBy(() -> new LeNet5(0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numClasses must be >= 1, got 0");
        assertThatThrownBy(() -> new LeNet5Config(0, 10, Activation.RELU, Pooling.MAX))
                .hasMessage("inChannels must be >= 1, got 0");
        assertThatThrownBy(() -> Activation.parse("swish"))
                .hasMessage("unknown activation 'swish': expected sigmoid, relu or tanh");
        assertThatThrownBy(() -> Pooling.parse("min"))
                .hasMessage("unknown pooling 'min': expected max, avg or subsampling");
        assertThatThrownBy(() -> new LeNet5Config(1, 10, null, Pooling.MAX)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void replicaComputesTheSameOutputsFromTheSharedWeights() {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, false), 3);
        LeNet5 replica = model.replica();
        Tensor x = GradientCheck.random(4, 0, 1, 2, 3, 32, 32);
        float[] expected = model.forward(x).logits().data().clone();
        assertThat(replica.forward(x).logits().data()).containsExactly(expected);
        assertThat(replica.parameter("conv1.weight").value()).isSameAs(model.parameter("conv1.weight").value());
    }

    @Test
    void summaryPrintsTheLayerTableAndTheTotal() {
        String summary = new LeNet5(10, true).summary();
        assertThat(summary).contains("conv1     C1      6x28x28           156")
                .contains("fc1       C5      120            48,120")
                .containsPattern("total\\s+61,706");
    }
}
